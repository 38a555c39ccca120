/**
 * `deno task parity FIXTURE_DIR [--json]`: runs every recorded case of a
 * Chronos-2 fixture folder through the public API and compares with the
 * official outputs (tolerance 1e-4 × max|reference| per block), the training
 * cases (L1, L2) through the training graph (`runParityFixture`).
 *
 * @module
 */

import { choiceOption, type ParsedArgs, UsageError } from "../lib/cli/args.ts";
import { type Io, processIo } from "../lib/cli/io.ts";
import { parseCommand } from "../lib/cli/parse_command.ts";
import { reportUserError } from "../lib/cli/user_error.ts";
import { runParityFixture } from "../models/chronos2/parity/fixture.ts";

const USAGE = `Usage: deno task parity FIXTURE_DIR [--json] [--backend onnx|reference] [--case NAME]
                        [--execution-provider auto|cpu|cuda|webgpu]

Loads FIXTURE_DIR/config.json and model.safetensors, builds the ONNX graph and runs every
case in FIXTURE_DIR/cases through the public API; the training cases (L1, L2) through the
training graph (loss and every recorded gradient, dropout off). One row per case; exit code 1
if any fails.
  --json              print the results as JSON
  --backend NAME      "onnx" (default) or "reference" (plain TypeScript forward)
  --case NAME         run only cases whose name starts with NAME
  --execution-provider NAME
                      ONNX Runtime provider of the inference cases (default auto; the
                      training cases run on the CPU); a provider other than auto that
                      does not start (fallback to the CPU) makes the run fail
`;

function readOptions(p: ParsedArgs) {
  if (p.positionals.length !== 1) throw new UsageError("Give exactly one fixture folder");
  return {
    dir: p.positionals[0]!.replace(/\/+$/, ""),
    json: p.values.json === true,
    backend: choiceOption(p, "backend", ["onnx", "reference"] as const, "onnx"),
    only: typeof p.values.case === "string" ? p.values.case : undefined,
    executionProvider: choiceOption(
      p,
      "execution-provider",
      ["auto", "cpu", "cuda", "webgpu"] as const,
      "auto",
    ),
  };
}

/**
 * Runs the task.
 *
 * @param args command-line arguments
 * @param io output streams
 * @returns the exit code
 * @example Usage
 * ```ts ignore
 * import { main } from "./parity.ts";
 * await main(["tests/fixtures/chronos2-tiny"]);
 * ```
 */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  const cmd = parseCommand(args, io, {
    usage: USAGE,
    options: {
      json: { type: "boolean" },
      backend: { type: "string" },
      case: { type: "string" },
      "execution-provider": { type: "string" },
    },
    positionals: true,
    read: readOptions,
  });
  if (!cmd.ok) return cmd.exitCode;
  const { dir, json, backend, only, executionProvider } = cmd.options;
  try {
    const report = await runParityFixture(dir, {
      backend,
      executionProvider,
      ...(only ? { only } : {}),
      ...(json ? {} : { onCase: (r) => io.stderr(`${r.case}: ${r.status}\n`) }),
    });
    const { results } = report;
    if (json) {
      const { executionProvider: used, providerReason } = report;
      io.stdout(
        JSON.stringify(
          { fixture: dir, backend, executionProvider: used, providerReason, results },
          null,
          2,
        ) +
          "\n",
      );
    } else {
      const rows = results.map((r) => [
        r.case,
        r.status,
        Number.isNaN(r.maxRelErr) ? "-" : r.maxRelErr.toExponential(2),
        String(r.checks.length),
        r.message ?? "",
      ]);
      const head = ["case", "status", "max rel err", "checks", "note"];
      const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      const line = (r: string[]) =>
        r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd() + "\n";
      io.stdout(line(head) + line(widths.map((w) => "-".repeat(w))) + rows.map(line).join(""));
      io.stdout(
        `${report.passed} passed, ${report.failed} failed, ${report.notChecked} not yet checked ` +
          `(tolerance 1e-4 × max|reference|)\n`,
      );
    }
    const ep = report.executionProvider;
    io.stderr(`Execution provider: ${ep} (${report.providerReason})\n`);
    const fellBack = backend === "onnx" && executionProvider !== "auto" &&
      ep !== executionProvider &&
      ep !== "none";
    if (fellBack) {
      io.stderr(
        `Parity ran on ${ep}, not on the requested ${executionProvider}: see deno task doctor\n`,
      );
    }
    return report.failed > 0 || fellBack ? 1 : 0;
  } catch (err) {
    return reportUserError(err, io);
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
