/**
 * `deno task gbdt`: train XGBoost on the training split of the steel data,
 * early-stop on validation, and evaluate it on the zero-shot task's origins.
 *
 * @module
 */

import { choiceOption, numberOption, type ParsedArgs } from "../lib/cli/args.ts";
import { type Io, processIo } from "../lib/cli/io.ts";
import { parseCommand } from "../lib/cli/parse_command.ts";
import { reportUserError } from "../lib/cli/user_error.ts";
import { STEEL_SPEC } from "../lib/datasets/steel_spec.ts";
import { formatResultsTable } from "../lib/evaluate/results_table.ts";
import { runGbdt } from "../lib/gbdt/run_gbdt.ts";

const USAGE = `Train an XGBoost forecaster and evaluate it beside the baselines

Usage: deno task gbdt [options]

Options:
  --prediction-length H      forecast horizon in 15-minute steps (default: 1)
  --covariates MODE          none | past | past+future (default: past+future); measured
                             covariates always enter lagged, calendar/tariff ones at the
                             target step only with past+future
  --split val|test           split to evaluate (default: test)
  --max-predictions N        at most N origins, spread evenly (default: 0 = every step,
                             the same origins as zero-shot --max-predictions N)
  --stride S                 steps between origins (default: 1)
  --num-rounds N             most boosting rounds (default: 2000)
  --early-stopping-rounds N  stop after N rounds without a better validation RMSE (default: 50)
  --threads N                XGBoost threads (default: all cores)
  --data PATH                local Steel_industry_data.csv (also: env STEEL_DATA)
  --output DIR               results file and model folder (default: models/foundation)
  -h, --help                 show this help

Trains on the train split, early-stops on validation, forecasts every origin from
the past only (lags, rolling statistics, calendar), adds quantiles from validation
residuals, and writes xgboost_results_*.json and xgboost_*/ (model.json, model.onnx).
Needs the XGBoost library (Debian: apt-get install libxgboost0).
`;

const OPTIONS = {
  "prediction-length": { type: "string" },
  covariates: { type: "string" },
  split: { type: "string" },
  "max-predictions": { type: "string" },
  stride: { type: "string" },
  "num-rounds": { type: "string" },
  "early-stopping-rounds": { type: "string" },
  threads: { type: "string" },
  data: { type: "string" },
  output: { type: "string" },
} as const;

function readOptions(p: ParsedArgs) {
  const whole = (name: string, fallback: number, min: number) =>
    numberOption(p, name, fallback, { integer: true, min });
  const { data, output } = p.values;
  return {
    predictionLength: whole("prediction-length", 1, 1),
    covariates: choiceOption(
      p,
      "covariates",
      ["none", "past", "past+future"] as const,
      "past+future",
    ),
    split: choiceOption(p, "split", ["val", "test"] as const, "test"),
    maxPredictions: whole("max-predictions", 0, 0),
    stride: whole("stride", 1, 1),
    numRounds: whole("num-rounds", 2000, 1),
    earlyStoppingRounds: whole("early-stopping-rounds", 50, 1),
    ...(p.values.threads !== undefined ? { threads: whole("threads", 1, 1) } : {}),
    ...(typeof data === "string" ? { data } : {}),
    ...(typeof output === "string" ? { outputDir: output } : {}),
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
  try {
    const out = await runGbdt({
      ...cmd.options,
      dataset: STEEL_SPEC,
      onInfo: (line) => io.stderr(`${line}\n`),
      onWarning: (m) => io.stderr(`Warning: ${m}\n`),
    });
    const r = out.results;
    io.stdout(
      `XGBoost on the ${r.config.split} split (${r.origins.length} origins, ` +
        `H = ${r.config.predictionLength}, covariates ${r.config.covariates}) of ${out.dataPath}\n\n`,
    );
    io.stdout(formatResultsTable(r));
    const top = Object.entries(r.models[0]!.featureImportance?.scores ?? {}).slice(0, 8);
    io.stdout(
      `\nTop features (share of total gain): ` +
        top.map(([k, v]) => `${k} ${(100 * v).toFixed(1)} %`).join(", ") + "\n",
    );
    if (out.resultsPath) io.stdout(`Results: ${out.resultsPath}\n`);
    if (out.modelDir) io.stdout(`Model: ${out.modelDir}\n`);
    if (out.runId) io.stdout(`Run: ${out.runId} (experiment ${r.links?.experiment})\n`);
    return 0;
  } catch (err) {
    return reportUserError(err, io);
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
