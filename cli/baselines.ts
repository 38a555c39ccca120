/**
 * `deno task baselines`: score persistence, daily and weekly seasonal naive and
 * the train mean over a chronological split of the steel data (or of your CSV
 * with `--target`).
 *
 * @module
 */

import {
  choiceOption,
  numberOption,
  type OptionSpec,
  type ParsedArgs,
  stringOption,
  UsageError,
} from "../lib/cli/args.ts";
import { type Io, processIo } from "../lib/cli/io.ts";
import { parseCommand } from "../lib/cli/parse_command.ts";
import { reportUserError } from "../lib/cli/user_error.ts";
import { nanToNull } from "../lib/results/write.ts";
import { seasonalPeriods } from "../lib/datasets/spec.ts";
import { STEEL_SPEC } from "../lib/datasets/steel_spec.ts";
import { DATASET_FLAGS, DATASET_HELP, datasetOption } from "./_dataset_flags.ts";
import { DEFAULTS } from "../lib/defaults.ts";
import type { EvaluateBaselinesOptions } from "../lib/baselines/mod.ts";
import { evaluateBaselinesTracked } from "../lib/baselines/tracked_baselines.ts";
import type { TimeSeriesData } from "../lib/data/types.ts";
import { createTracker } from "../lib/tracking/tracker.ts";
import { evaluateBaselinesDistributed } from "../lib/distributed/distributed_baselines.ts";
import { DEFAULT_REDIS_URL } from "../lib/distributed/redis_url.ts";
import { formatResultsTable } from "../lib/evaluate/results_table.ts";

const USAGE = `Score the baselines over a chronological split of the steel data

Usage: deno task baselines [options]

Options:
  --split val|test           split to forecast (default: test)
  --prediction-length H      forecast horizon in steps (default: ${DEFAULTS.predictionLength})
  --stride S                 steps between forecast origins (default: ${DEFAULTS.stride})
  --max-predictions N        at most N origins, spread evenly over the split (default: all)
  --data PATH                local Steel_industry_data.csv (also: env STEEL_DATA;
                             default: the cache, else a verified download)
  --output FILE              also write the results file (forecasts per origin) as JSON
  --json                     print the metrics as JSON instead of a table
  --experiment NAME          MLflow experiment (default: ${STEEL_SPEC.experiments.zeroShot}, beside zero-shot
                             runs; the dataset's zero-shot experiment with --target)
  --no-track                 track nothing
  --distributed              compute the forecasts on workers (deno task worker) through the
                             Redis queue at $REDIS_URL; same results as a local run
  --shards N                 jobs per baseline with --distributed (default: 8)
  --queue NAME               queue of the workers with --distributed (default: chronos)
  -h, --help                 show this help

Baselines: persistence y(t-1), daily naive y(t-96), weekly naive y(t-672), train mean
(one day and one week of steps: 96 and 672 at the steel data's 15 minutes).
Each origin's history is every row before it; metrics pool all origins and steps.
${DATASET_HELP}`;

const OPTIONS: Record<string, OptionSpec> = {
  split: { type: "string" },
  "prediction-length": { type: "string" },
  stride: { type: "string" },
  "max-predictions": { type: "string" },
  data: { type: "string" },
  output: { type: "string" },
  json: { type: "boolean" },
  distributed: { type: "boolean" },
  experiment: { type: "string" },
  "no-track": { type: "boolean" },
  shards: { type: "string" },
  queue: { type: "string" },
  ...Object.fromEntries(DATASET_FLAGS.map((f) => [f, { type: "string" as const }])),
};

function readOptions(p: ParsedArgs) {
  const dataset = datasetOption(p);
  if (dataset !== STEEL_SPEC && p.values.distributed === true) {
    throw new UsageError(
      "Option --distributed reads the steel data on the workers: leave out --target, or run locally",
    );
  }
  return {
    dataset,
    values: p.values,
    opts: {
      split: choiceOption(p, "split", ["val", "test"] as const, "test"),
      predictionLength: numberOption(p, "prediction-length", DEFAULTS.predictionLength, {
        integer: true,
        min: 1,
      }),
      stride: numberOption(p, "stride", DEFAULTS.stride, { integer: true, min: 1 }),
      maxPredictions: numberOption(p, "max-predictions", 0, { integer: true, min: 0 }),
    },
    experiment: stringOption(p, "experiment", dataset.experiments.zeroShot),
    noTrack: p.values["no-track"] === true,
    distributed: p.values.distributed === true
      ? {
        shards: numberOption(p, "shards", 8, { integer: true, min: 1 }),
        queue: stringOption(p, "queue", "chronos"),
        redisUrl: Deno.env.get("REDIS_URL") ?? DEFAULT_REDIS_URL,
      }
      : undefined,
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
  const {
    dataset,
    opts,
    distributed,
    experiment,
    noTrack,
    values: { data: dataArg, output, json },
  } = cmd.options;
  try {
    const { path } = await dataset.resolve({
      ...(typeof dataArg === "string" ? { data: dataArg } : {}),
      onWarning: (m) => io.stderr(`Warning: ${m}\n`),
    });
    const data = await dataset.load(path);
    const periods = seasonalPeriods(dataset, data.frequencyMs);
    const options = {
      ...opts,
      ...periods,
      ...(dataset.segmentColumn !== undefined ? { segmentColumn: dataset.segmentColumn } : {}),
    };
    const { results, runId } = await evaluateBaselinesTracked(data, options, {
      ...(noTrack
        ? {}
        : { tracker: createTracker({ onWarning: (m) => io.stderr(`Warning: ${m}\n`) }) }),
      experiment,
      dataPath: path,
      ...(typeof output === "string" ? { outputFile: output } : {}),
      ...(distributed
        ? {
          evaluate: (d: TimeSeriesData, o: EvaluateBaselinesOptions) =>
            evaluateBaselinesDistributed(d, path, o, distributed),
        }
        : {}),
    });
    if (typeof output === "string") io.stderr(`Wrote ${output}\n`);
    if (runId) io.stderr(`Tracked run ${runId} in experiment "${experiment}"\n`);
    const rows = results.config.splitRows as { start: number; end: number };
    if (json) {
      const summary = {
        data: path,
        split: opts.split,
        rows: { first: rows.start, last: rows.end - 1 },
        predictionLength: opts.predictionLength,
        stride: opts.stride,
        origins: results.origins.length,
        maseSeasonalPeriod: results.config.maseSeasonalPeriod,
        models: results.models.map((m) => ({ name: m.name, metrics: m.metrics })),
      };
      io.stdout(JSON.stringify(summary, nanToNull, 2) + "\n");
      return 0;
    }
    io.stdout(
      `Baselines on the ${opts.split} split (rows ${rows.start}–${rows.end - 1}, ` +
        `${results.origins.length} origins, H = ${opts.predictionLength}) of ${path}\n\n`,
    );
    io.stdout(formatResultsTable(results));
    const skipped = results.models[0]!.metrics.mapeSkipped;
    io.stdout(
      `\nMAPE skips ${skipped} zero actual(s); MASE scale: mean |y(t) − y(t−${periods.seasonalPeriod})| ` +
        "on the train split\n",
    );
    return 0;
  } catch (err) {
    return reportUserError(err, io);
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
