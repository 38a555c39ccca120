/**
 * `deno task compare`: compare baselines, zero-shot and fine-tuned results
 * evaluated on the same windows; print the table and write the Markdown and
 * HTML reports with their figures.
 *
 * @module
 */

import { type ParsedArgs, stringOption, UsageError } from "../lib/cli/args.ts";
import { type Io, processIo } from "../lib/cli/io.ts";
import { parseCommand } from "../lib/cli/parse_command.ts";
import { reportUserError } from "../lib/cli/user_error.ts";
import { nanToNull } from "../lib/results/write.ts";
import { STEEL_SPEC } from "../lib/datasets/steel_spec.ts";
import {
  compareResults,
  formatComparisonTable,
  type LoadedResults,
  loadExperimentResults,
  loadResultsFiles,
  selectNewestComparable,
  writeComparisonReport,
} from "../lib/report/mod.ts";

const DEFAULT_DIR = "models/foundation";

const USAGE = `Compare baselines, zero-shot and fine-tuned results in a table and an HTML report

Usage: deno task compare [--results PATH]... [--experiment NAME]... [options]

Options:
  --results PATH        a results JSON file, or a folder searched for *results*.json
                        (repeatable; default: models/foundation/)
  --experiment NAME     the results artifact of the latest finished run of a tracked
                        experiment (repeatable)
  --all-runs            with --experiment: every finished run, not only the latest
  --tracking-uri URI    the local store for --experiment (default: $MLFLOW_TRACKING_URI, else ./mlruns)
  --output DIR          folder for model_comparison.md/.html and the figures (default: reports/)
  --week YYYY-MM-DD     first day (plant time) of the week in the forecast figure
                        (default: the week with the most forecasts)
  --reference NAME      model that skill is measured against (default: persistence)
  --json                print the comparison as JSON instead of the table
  -h, --help            show this help

Results named with --results or --experiment must come from the same split, horizon
and origins; otherwise the command says what differs and writes nothing. Without
them, it compares the files of models/foundation/ evaluated like the newest one and
names the others on stderr.
`;

const OPTIONS = {
  results: { type: "string", multiple: true },
  experiment: { type: "string", multiple: true },
  "all-runs": { type: "boolean" },
  "tracking-uri": { type: "string" },
  output: { type: "string" },
  week: { type: "string" },
  reference: { type: "string" },
  json: { type: "boolean" },
} as const;

function listOption(parsed: ParsedArgs, name: string): string[] {
  const v = parsed.values[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);
}

function checkWeek(parsed: ParsedArgs): ParsedArgs {
  const week = parsed.values.week;
  if (typeof week === "string" && !/^\d{4}-\d{2}-\d{2}$/.test(week)) {
    throw new UsageError(`Option --week needs a date as YYYY-MM-DD: got "${week}"`);
  }
  return parsed;
}

/**
 * Runs the task.
 *
 * @param args command-line arguments
 * @param io output streams
 * @returns the exit code (0 ok, 1 error, 2 usage)
 */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  const cmd = parseCommand(args, io, { usage: USAGE, options: OPTIONS, read: checkWeek });
  if (!cmd.ok) return cmd.exitCode;
  const parsed = cmd.options;
  try {
    const experiments = listOption(parsed, "experiment");
    const named = listOption(parsed, "results");
    const searching = named.length === 0 && experiments.length === 0;
    const paths = searching ? [DEFAULT_DIR] : named;
    let files: LoadedResults[] = paths.length > 0 ? await loadResultsFiles(paths) : [];
    if (searching) files = newestEvaluation(files, io);
    for (const name of experiments) {
      const uri = parsed.values["tracking-uri"];
      files.push(
        ...await loadExperimentResults(name, {
          allRuns: parsed.values["all-runs"] === true,
          ...(typeof uri === "string" ? { uri } : {}),
        }),
      );
    }
    const reference = parsed.values.reference;
    const comparison = compareResults(
      files,
      typeof reference === "string" ? { reference } : {},
    );
    const week = parsed.values.week;
    const dataset = STEEL_SPEC;
    const written = await writeComparisonReport(comparison, {
      outputDir: stringOption(parsed, "output", "reports"),
      segment: {
        label: dataset.segmentLabel ?? dataset.segmentColumn ?? "segment",
        ...(dataset.segmentOrder ? { order: dataset.segmentOrder } : {}),
      },
      ...(typeof week === "string" ? { week } : {}),
    });
    if (parsed.values.json) {
      io.stdout(JSON.stringify(comparisonJson(comparison, written), nanToNull, 2) + "\n");
    } else {
      io.stdout(formatComparisonTable(comparison, { color: io.isTerminal }));
      for (const note of comparison.notes) io.stdout(`Note: ${note}\n`);
    }
    io.stderr(`Compared ${comparison.rows.length} models from ${files.length} results file(s)\n`);
    io.stderr(`Wrote ${written.markdown}, ${written.html} and ${written.figures.length} figures\n`);
    return 0;
  } catch (err) {
    return reportUserError(err, io);
  }
}

/** Of the files found by default, those evaluated like the newest; the others are named on stderr. */
function newestEvaluation(files: LoadedResults[], io: Io): LoadedResults[] {
  const { newest, chosen, leftOut } = selectNewestComparable(files);
  if (leftOut.length > 0) {
    io.stderr(
      `${DEFAULT_DIR}/ holds results of different evaluations: comparing the ${chosen.length} ` +
        `file(s) evaluated like the newest, ${newest.source}; left out:\n` +
        leftOut.map((l) => `  - ${l.file.source}: ${l.differences.join("; ")}\n`).join("") +
        `To compare the others, name files of one evaluation: --results FILE --results FILE …\n`,
    );
  }
  return chosen;
}

function comparisonJson(
  c: ReturnType<typeof compareResults>,
  written: Awaited<ReturnType<typeof writeComparisonReport>>,
): unknown {
  return {
    split: c.split,
    predictionLength: c.predictionLength,
    windows: c.origins.length,
    interval: c.interval,
    nominalCoverage: c.nominalCoverage,
    reference: c.reference ?? null,
    rows: c.rows,
    notes: c.notes,
    sources: c.sources,
    report: written,
  };
}

if (import.meta.main) Deno.exit(await main(Deno.args));
