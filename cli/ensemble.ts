/**
 * `deno task ensemble`: fit a weighted-average and a stacked ensemble of
 * evaluated models on the validation split and evaluate them on the test split.
 *
 * @module
 */

import type { ParsedArgs } from "../lib/cli/args.ts";
import { type Io, processIo } from "../lib/cli/io.ts";
import { parseCommand } from "../lib/cli/parse_command.ts";
import { reportUserError } from "../lib/cli/user_error.ts";
import { runEnsemble } from "../lib/ensemble/run_ensemble.ts";
import { formatResultsTable } from "../lib/evaluate/results_table.ts";

const USAGE = `Fit ensembles of evaluated models on validation, evaluate them on test

Usage: deno task ensemble --results PATH --results PATH ... [options]

Options:
  --results PATH    a results file or folder (repeatable); needs results of the
                    validation split (--split val) and of the test split, on the
                    same origins within each split
  --member NAME     a member model (repeatable; default: every non-baseline model
                    found in both splits)
  --output DIR      folder of ensemble_results_*.json (default: models/foundation)
  -h, --help        show this help

Example:
  deno task zero-shot --split val --max-predictions 0
  deno task zero-shot --max-predictions 0
  deno task gbdt --split val && deno task gbdt
  deno task ensemble --results models/foundation/   # then: deno task compare

Two ensembles: weights >= 0 summing to 1 minimising the validation squared error,
and a linear stack (intercept + one coefficient per member, ridge least squares).
Quantiles come from each ensemble's validation residuals.
`;

const OPTIONS = {
  results: { type: "string", multiple: true },
  member: { type: "string", multiple: true },
  output: { type: "string" },
} as const;

function readOptions(p: ParsedArgs) {
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  const members = list(p.values.member);
  return {
    results: list(p.values.results),
    ...(members.length > 0 ? { members } : {}),
    ...(typeof p.values.output === "string" ? { outputDir: p.values.output } : {}),
  };
}

/**
 * Runs the task.
 *
 * @param args command-line arguments
 * @param io output streams
 * @returns the exit code (0 ok, 1 error, 2 usage)
 */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  const cmd = parseCommand(args, io, { usage: USAGE, options: OPTIONS, read: readOptions });
  if (!cmd.ok) return cmd.exitCode;
  if (cmd.options.results.length === 0) {
    io.stderr(`Name the results to combine with --results\n\n${USAGE}`);
    return 2;
  }
  try {
    const out = await runEnsemble({
      ...cmd.options,
      onWarning: (m) => io.stderr(`Warning: ${m}\n`),
    });
    const r = out.results;
    io.stdout(
      `Ensembles of ${(r.config.members as string[]).join(", ")} fitted on validation ` +
        `(${r.config.validationOrigins} origins), evaluated on ${r.origins.length} test origins\n\n`,
    );
    io.stdout(formatResultsTable(r));
    for (const m of r.models.filter((m) => m.weights)) {
      const w = Object.entries(m.weights!).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(", ");
      io.stdout(`\n${m.name}: ${w}`);
    }
    io.stdout("\n");
    if (out.resultsPath) {
      io.stdout(`Results: ${out.resultsPath} (deno task compare --results ${out.resultsPath})\n`);
    }
    return 0;
  } catch (err) {
    return reportUserError(err, io);
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
