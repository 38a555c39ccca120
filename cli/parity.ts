/**
 * `deno task parity FIXTURE_DIR [--json]`: runs every recorded case of a
 * Chronos-2 fixture folder through the public API and compares with the
 * official outputs (tolerance 1e-4 × max|reference| per block).
 *
 * @module
 */

import { parseArgs, UsageError } from "../lib/cli/args.ts";
import { type Io, processIo } from "../lib/cli/io.ts";
import { loadChronos2 } from "../models/chronos2/load.ts";
import { type CaseJson, type ParityCaseResult, runParityCase } from "../models/chronos2/mod.ts";
import { DataValidationError, ModelFormatError } from "../lib/errors.ts";

function isExpectedError(err: unknown): err is Error {
  return err instanceof ModelFormatError || err instanceof DataValidationError ||
    err instanceof RangeError || err instanceof SyntaxError || err instanceof Deno.errors.NotFound;
}

const USAGE = `Usage: deno task parity FIXTURE_DIR [--json] [--backend onnx|reference] [--case NAME]

Loads FIXTURE_DIR/config.json and model.safetensors, builds the ONNX graph and runs every
case in FIXTURE_DIR/cases through the public API. One row per case; exit code 1 if any fails.
  --json              print the results as JSON
  --backend NAME      "onnx" (default) or "reference" (plain TypeScript forward)
  --case NAME         run only cases whose name starts with NAME
`;

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
  let dir: string;
  let json: boolean;
  let backend: "onnx" | "reference";
  let only: string | undefined;
  try {
    const p = parseArgs(args, {
      json: { type: "boolean" },
      backend: { type: "string" },
      case: { type: "string" },
    }, true);
    if (p.values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (p.positionals.length !== 1) throw new UsageError("Give exactly one fixture folder");
    dir = p.positionals[0]!.replace(/\/+$/, "");
    json = p.values.json === true;
    const be = p.values.backend ?? "onnx";
    if (be !== "onnx" && be !== "reference") {
      throw new UsageError(`Option --backend must be "onnx" or "reference": got "${String(be)}"`);
    }
    backend = be;
    only = typeof p.values.case === "string" ? p.values.case : undefined;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  try {
    const pipeline = await loadChronos2(dir, {
      backend,
      useConvertedFiles: false,
      intraOpThreads: 1,
    });
    let names: string[];
    try {
      const index = JSON.parse(await Deno.readTextFile(`${dir}/cases/index.json`)) as {
        cases: { file: string }[];
      };
      names = index.cases.map((c) => c.file.replace(/^cases\//, ""));
    } catch {
      names = [...Deno.readDirSync(`${dir}/cases`)].map((e) => e.name).filter((n) =>
        n.endsWith(".json") && n !== "index.json"
      ).sort();
    }
    const results: ParityCaseResult[] = [];
    for (const name of names) {
      const c = JSON.parse(await Deno.readTextFile(`${dir}/cases/${name}`)) as CaseJson;
      if (only && !c.case.startsWith(only)) continue;
      const r = await runParityCase(c, pipeline);
      results.push(r);
      if (!json) io.stderr(`${r.case}: ${r.status}\n`);
    }
    await pipeline.release();
    if (json) {
      io.stdout(JSON.stringify({ fixture: dir, backend, results }, null, 2) + "\n");
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
      const failed = results.filter((r) => r.status === "fail" || r.status === "error").length;
      const passed = results.filter((r) => r.status === "pass").length;
      io.stdout(
        `${passed} passed, ${failed} failed, ${
          results.length - passed - failed
        } not yet checked (tolerance 1e-4 × max|reference|)\n`,
      );
    }
    return results.some((r) => r.status === "fail" || r.status === "error") ? 1 : 0;
  } catch (err) {
    if (!isExpectedError(err)) throw err;
    io.stderr(`${err.message}\n`);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
