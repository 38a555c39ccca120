/**
 * `deno task zero-shot`: evaluate Chronos-2 zero-shot over a chronological
 * split of a dataset (the steel data by default), beside the persistence,
 * daily and weekly naive baselines on the same origins; write the results
 * JSON and track the run (`runZeroShotTask` does the work).
 *
 * @module
 */

import {
  choiceOption,
  numberOption,
  type ParsedArgs,
  stringOption,
  UsageError,
} from "../lib/cli/args.ts";
import { type Io, processIo } from "../lib/cli/io.ts";
import { parseCommand } from "../lib/cli/parse_command.ts";
import { ProgressBar } from "../lib/cli/progress_bar.ts";
import { reportUserError } from "../lib/cli/user_error.ts";
import { COVARIATE_MODES } from "../lib/evaluate/covariate_rows.ts";
import { interruptOnSignals, stopMessage } from "../lib/cli/interrupt.ts";
import { formatResultsTable } from "../lib/evaluate/results_table.ts";
import { resultsToJson } from "../lib/results/write.ts";
import { DEFAULTS } from "../lib/defaults.ts";
import { STEEL_SPEC } from "../lib/datasets/steel_spec.ts";
import { DATASET_FLAGS, DATASET_HELP, datasetOption } from "./_dataset_flags.ts";
import { runZeroShotTask, type ZeroShotTaskOptions } from "../models/chronos2/tasks/zero_shot.ts";
import {
  runDistributedZeroShotSeries,
  runDistributedZeroShotTask,
} from "../models/chronos2/tasks/distributed_zero_shot.ts";
import { DEFAULT_REDIS_URL } from "../lib/distributed/redis_url.ts";
import { DEVICES } from "../lib/gpu/select.ts";
import { PRECISIONS } from "../models/chronos2/precision.ts";

const USAGE =
  `Evaluate Chronos-2 zero-shot over a chronological split, with baselines, tracked in MLflow

Usage: deno task zero-shot [options]

Options:
  --model DIR|ID            model folder, or a Hugging Face id fetched and converted
                            on first use (default: ${DEFAULTS.model})
  --data PATH               the steel CSV (default: $STEEL_DATA, else the cache, else a download);
                            with --distributed, repeat it to evaluate several series (files in
                            the same layout) in one run, one results file each
  --split test|val          split to evaluate (default: test)
  --context-length N        context steps per window (default: ${DEFAULTS.contextLength})
  --prediction-length N     forecast horizon in steps (default: ${DEFAULTS.predictionLength})
  --batch-size N            series rows per model call; a window with covariates has 10 (default: ${DEFAULTS.batchSize})
  --max-predictions N       origins, spread evenly over the split; 0 = every origin (default: ${DEFAULTS.maxPredictions})
  --stride N                step between candidate origins (default: ${DEFAULTS.stride})
  --covariates MODE         none | past | past+future (default: none)
                              past: the 9 covariates as past-only rows
                              past+future: calendar and tariff also as known future values
  --quantiles LIST          comma-separated quantile levels (default: 0.1,0.2,...,0.9)
  --device auto|cpu|webgpu  kernels and ONNX Runtime execution provider (default: auto)
  --precision P             fp32 | int8 | bf16: the encoder's matrix products (default: fp32);
                              int8 is ~2.6x faster on CPUs with VNNI, bf16 only rounds weights
  --experiment NAME         MLflow experiment (default: ${STEEL_SPEC.experiments.zeroShot},
                            or the dataset's with --target)
  --output-dir DIR          folder of the results JSON (default: models/foundation/)
  --json                    print the results JSON on stdout instead of the table
  --distributed             forecast the windows on workers (deno task worker) through the
                            Redis queue at $REDIS_URL; same results as a local run
  --shards N                jobs to cut the origins into with --distributed (default: 8)
  --queue NAME              queue of the workers with --distributed (default: chronos)
  -h, --help                show this help

${DATASET_HELP}
Tracking goes to $MLFLOW_TRACKING_URI (an MLflow server, or a folder), else ./mlruns.
Ctrl-C (or SIGTERM, SIGHUP) stops after the batch in flight and records the run as KILLED.
`;

const STRING_FLAGS = "model split context-length prediction-length batch-size max-predictions " +
  "stride covariates quantiles device precision experiment output-dir shards queue";
const OPTIONS = Object.fromEntries([
  ...[...STRING_FLAGS.split(" "), ...DATASET_FLAGS].map((name) => [
    name,
    { type: "string" as const },
  ]),
  ["json", { type: "boolean" as const }],
  ["distributed", { type: "boolean" as const }],
  ["data", { type: "string" as const, multiple: true }],
]);

function quantileOption(parsed: ParsedArgs): number[] {
  const raw = parsed.values.quantiles;
  if (raw === undefined) return [...DEFAULTS.quantileLevels];
  const levels = String(raw).split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
  if (levels.length === 0 || levels.some((q) => !(q > 0 && q < 1))) {
    throw new UsageError(
      `Option --quantiles needs comma-separated levels strictly between 0 and 1: got "${raw}"`,
    );
  }
  return [...new Set(levels)].sort((a, b) => a - b);
}

function readOptions(
  p: ParsedArgs,
): ZeroShotTaskOptions & {
  json: boolean;
  series: string[];
  distributed?: { shards: number; queue: string };
} {
  const int = (name: string, fallback: number, min: number) =>
    numberOption(p, name, fallback, { integer: true, min });
  const series = (p.values.data ?? []) as string[];
  const dataset = datasetOption(p);
  if (
    p.values.distributed === true && p.values.precision !== undefined &&
    p.values.precision !== "fp32"
  ) {
    throw new UsageError("Option --precision works only without --distributed (workers run fp32)");
  }
  if (series.length > 1 && p.values.distributed !== true) {
    throw new UsageError("Option --data may be given more than once only with --distributed");
  }
  return {
    dataset,
    series,
    model: stringOption(p, "model", DEFAULTS.model),
    ...(series.length === 1 ? { data: series[0]! } : {}),
    split: choiceOption(p, "split", ["test", "val"] as const, "test"),
    contextLength: int("context-length", DEFAULTS.contextLength, 1),
    predictionLength: int("prediction-length", DEFAULTS.predictionLength, 1),
    batchSize: int("batch-size", DEFAULTS.batchSize, 1),
    maxPredictions: int("max-predictions", DEFAULTS.maxPredictions, 0),
    stride: int("stride", DEFAULTS.stride, 1),
    covariates: choiceOption(p, "covariates", COVARIATE_MODES, "none"),
    quantileLevels: quantileOption(p),
    device: choiceOption(p, "device", DEVICES, "auto"),
    precision: choiceOption(p, "precision", PRECISIONS, "fp32"),
    experiment: stringOption(p, "experiment", dataset.experiments.zeroShot),
    outputDir: stringOption(p, "output-dir", DEFAULTS.outputDir),
    json: p.values.json === true,
    ...(p.values.distributed === true
      ? {
        distributed: {
          shards: int("shards", 8, 1),
          queue: stringOption(p, "queue", "chronos"),
        },
      }
      : {}),
  };
}

/**
 * Runs the task.
 *
 * @param args command-line arguments
 * @param io output streams
 * @returns the exit code (0 ok, 1 error, 2 usage, 130 interrupted; 143 on SIGTERM, 129 on SIGHUP)
 */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  const cmd = parseCommand(args, io, { usage: USAGE, options: OPTIONS, read: readOptions });
  if (!cmd.ok) return cmd.exitCode;
  const { json, distributed, series, ...opts } = cmd.options;
  const log = (m: string) => io.stderr(`${m}\n`);
  const interrupt = interruptOnSignals({
    onInterrupt: (sig) => log(stopMessage(sig, "finishing the batch in flight")),
    onForce: () => Deno.exit(interrupt.exitCode),
  });
  let bar: ProgressBar | undefined;
  try {
    const callbacks = {
      signal: interrupt.signal,
      onInfo: log,
      onWarning: (m: string) => io.stderr(`Warning: ${m}\n`),
      onProgress: (done: number, total: number) => {
        bar ??= new ProgressBar({
          total,
          unit: "windows",
          label: "zero-shot",
          write: io.stderr,
          isTerminal: io.isTerminal,
        });
        bar.update(done);
        if (done === total) bar.finish();
      },
    };
    const distribution = distributed && {
      ...distributed,
      redisUrl: Deno.env.get("REDIS_URL") ?? DEFAULT_REDIS_URL,
      onShardTimes: (times: { seconds: number; worker?: string }[]) =>
        log(
          `Shard times (s): ${times.map((t) => t.seconds.toFixed(2)).join(", ")} on ${
            new Set(times.map((t) => t.worker)).size
          } worker(s)`,
        ),
    };
    if (distribution && series.length > 1) {
      const outcomes = await runDistributedZeroShotSeries(
        { ...opts, ...callbacks, series },
        distribution,
      );
      bar?.finish();
      for (const o of outcomes) {
        io.stdout(
          json
            ? resultsToJson(o.results)
            : `Series ${o.series}\n${formatResultsTable(o.results)}\n`,
        );
        if (o.resultsPath) log(`Results (${o.series}): ${o.resultsPath}`);
      }
      return outcomes.every((o) => o.status === "FINISHED") ? 0 : interrupt.exitCode;
    }
    const outcome = distribution
      ? await runDistributedZeroShotTask({ ...opts, ...callbacks }, distribution)
      : await runZeroShotTask({ ...opts, ...callbacks });
    bar?.finish();
    io.stdout(
      json ? resultsToJson(outcome.results) : formatResultsTable(outcome.results),
    );
    if (outcome.resultsPath) log(`Results: ${outcome.resultsPath}`);
    if (outcome.runId) log(`Tracked run ${outcome.runId} in experiment "${opts.experiment}"`);
    if (outcome.status === "FINISHED") return 0;
    log(`Stopped early: ${outcome.results.origins.length} windows were evaluated`);
    return interrupt.exitCode;
  } catch (err) {
    bar?.finish();
    return reportUserError(err, io, "Error: ");
  } finally {
    interrupt.dispose();
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
