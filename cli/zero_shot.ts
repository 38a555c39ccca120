/**
 * `deno task zero-shot`: evaluate Chronos-2 zero-shot over a chronological
 * split of the steel data, beside the persistence, daily and weekly naive
 * baselines on the same origins; write the results JSON and track the run.
 *
 * @module
 */

import {
  choiceOption,
  numberOption,
  parseArgs,
  type ParsedArgs,
  stringOption,
  UsageError,
} from "../lib/cli/args.ts";
import { type Io, processIo } from "../lib/cli/io.ts";
import { DownloadError } from "../lib/errors.ts";
import { ProgressBar } from "../lib/cli/progress_bar.ts";
import { COVARIATE_MODES } from "../lib/evaluate/covariate_rows.ts";
import { interruptOnSigint } from "../lib/evaluate/interrupt.ts";
import { probeExecutionProvider } from "../lib/evaluate/execution_provider.ts";
import { formatResultsTable } from "../lib/evaluate/results_table.ts";
import { resultsToJson } from "../lib/evaluate/results_file.ts";
import {
  DEFAULT_QUANTILE_LEVELS,
  runZeroShot,
  ZERO_SHOT_EXPERIMENT,
  zeroShotOrigins,
} from "../lib/evaluate/zero_shot.ts";
import { resolveSteelDataPath } from "../lib/data/resolve.ts";
import { loadSteelData } from "../lib/data/steel.ts";
import type { ZeroShotModel, ZeroShotOptions } from "../lib/evaluate/zero_shot.ts";
import { createTracker } from "../lib/tracking/mod.ts";
import {
  convertModel,
  defaultModelDir,
  downloadModel,
  interpolateQuantiles,
  loadChronos2,
} from "../models/chronos2/mod.ts";

const USAGE =
  `Evaluate Chronos-2 zero-shot over a chronological split, with baselines, tracked in MLflow

Usage: deno task zero-shot [options]

Options:
  --model DIR|ID            model folder, or a Hugging Face id fetched and converted
                            on first use (default: amazon/chronos-2)
  --data PATH               the steel CSV (default: $STEEL_DATA, else the cache, else a download)
  --split test|val          split to evaluate (default: test)
  --context-length N        context steps per window (default: 512)
  --prediction-length N     forecast horizon in steps (default: 1)
  --batch-size N            series rows per model call; a window with covariates has 10 (default: 512)
  --max-predictions N       origins, spread evenly over the split; 0 = every origin (default: 10)
  --stride N                step between candidate origins (default: 1)
  --covariates MODE         none | past | past+future (default: none)
                              past: the 9 covariates as past-only rows
                              past+future: calendar and tariff also as known future values
  --quantiles LIST          comma-separated quantile levels (default: 0.1,0.2,...,0.9)
  --device auto|cpu|webgpu  kernels and ONNX Runtime execution provider (default: auto)
  --experiment NAME         MLflow experiment (default: ${ZERO_SHOT_EXPERIMENT})
  --output-dir DIR          folder of the results JSON (default: models/foundation/)
  --json                    print the results JSON on stdout instead of the table
  -h, --help                show this help

Tracking goes to $MLFLOW_TRACKING_URI (an MLflow server, or a folder), else ./mlruns.
Ctrl-C stops after the batch in flight and records the run as KILLED.
`;

const OPTIONS = {
  model: { type: "string" },
  data: { type: "string" },
  split: { type: "string" },
  "context-length": { type: "string" },
  "prediction-length": { type: "string" },
  "batch-size": { type: "string" },
  "max-predictions": { type: "string" },
  stride: { type: "string" },
  covariates: { type: "string" },
  quantiles: { type: "string" },
  device: { type: "string" },
  experiment: { type: "string" },
  "output-dir": { type: "string" },
  json: { type: "boolean" },
} as const;

function quantileOption(parsed: ParsedArgs): number[] {
  const raw = parsed.values.quantiles;
  if (raw === undefined) return [...DEFAULT_QUANTILE_LEVELS];
  const levels = String(raw).split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
  if (levels.length === 0 || levels.some((q) => !(q > 0 && q < 1))) {
    throw new UsageError(
      `Option --quantiles needs comma-separated levels strictly between 0 and 1: got "${raw}"`,
    );
  }
  return [...new Set(levels)].sort((a, b) => a - b);
}

/** The options the command line sets. */
type ZeroShotCliOptions =
  & Required<
    Pick<
      ZeroShotOptions,
      | "split"
      | "contextLength"
      | "predictionLength"
      | "batchSize"
      | "maxPredictions"
      | "stride"
      | "covariates"
      | "device"
      | "experiment"
      | "outputDir"
    >
  >
  & { quantileLevels: number[] };

/**
 * Runs the task.
 *
 * @param args command-line arguments
 * @param io output streams
 * @returns the exit code (0 ok, 1 error, 2 usage, 130 interrupted)
 */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  let parsed: ParsedArgs;
  let opts: ZeroShotCliOptions;
  try {
    parsed = parseArgs(args, OPTIONS);
    if (parsed.values.help) {
      io.stdout(USAGE);
      return 0;
    }
    opts = {
      split: choiceOption(parsed, "split", ["test", "val"] as const, "test"),
      contextLength: numberOption(parsed, "context-length", 512, { integer: true, min: 1 }),
      predictionLength: numberOption(parsed, "prediction-length", 1, { integer: true, min: 1 }),
      batchSize: numberOption(parsed, "batch-size", 512, { integer: true, min: 1 }),
      maxPredictions: numberOption(parsed, "max-predictions", 10, { integer: true, min: 0 }),
      stride: numberOption(parsed, "stride", 1, { integer: true, min: 1 }),
      covariates: choiceOption(parsed, "covariates", COVARIATE_MODES, "none"),
      quantileLevels: quantileOption(parsed),
      device: choiceOption(parsed, "device", ["auto", "cpu", "webgpu"] as const, "auto"),
      experiment: stringOption(parsed, "experiment", ZERO_SHOT_EXPERIMENT),
      outputDir: stringOption(parsed, "output-dir", "models/foundation"),
    };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`${err.message}\n\n${USAGE}`);
    return 2;
  }
  const warn = (m: string) => io.stderr(`Warning: ${m}\n`);
  const log = (m: string) => io.stderr(`${m}\n`);
  const interrupt = interruptOnSigint({
    onInterrupt: () => log("Interrupted: finishing the batch in flight (Ctrl-C again to quit now)"),
    onForce: () => Deno.exit(130),
  });
  let bar: ProgressBar | undefined;
  try {
    const tracker = createTracker({ onWarning: warn });
    const dataPath = await resolveSteelDataPath({
      ...(typeof parsed.values.data === "string" ? { data: parsed.values.data } : {}),
      onWarning: warn,
    });
    const data = await loadSteelData(dataPath);
    log(`Data: ${dataPath} (${data.target.length} rows)`);
    const { origins } = zeroShotOrigins(data.target.length, opts); // fail fast, before the model
    log(`Evaluating ${origins.length} origins of the ${opts.split} split`);
    const model = await openModel(
      stringOption(parsed, "model", "amazon/chronos-2"),
      opts,
      warn,
      log,
    );
    log(`Execution provider: ${model.executionProvider} (${model.executionProviderReason})`);
    try {
      const outcome = await runZeroShot({
        ...opts,
        data,
        model,
        tracker,
        signal: interrupt.signal,
        onInfo: log,
        onWarning: warn,
        onProgress: (done, total) => {
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
      });
      bar?.finish();
      if (parsed.values.json) io.stdout(resultsToJson(outcome.results));
      else io.stdout(formatResultsTable(outcome.results));
      log(`Results: ${outcome.resultsPath}`);
      if (outcome.runId) log(`Tracked run ${outcome.runId} in experiment "${opts.experiment}"`);
      if (outcome.status === "KILLED") {
        log(`Stopped early: ${outcome.results.origins.length} windows were evaluated`);
        return 130;
      }
      return 0;
    } finally {
      await model.release();
    }
  } catch (err) {
    bar?.finish();
    if (err instanceof Error && isExpected(err)) {
      io.stderr(`Error: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    interrupt.dispose();
  }
}

/** A hub id: "owner/name", not an existing path and not path-like. */
const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

async function isDir(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch {
    return false;
  }
}

/**
 * Opens the model: a local folder as it is, or a hub id from its cache folder
 * (downloaded and converted to ONNX on first use); then runs one tiny batch so
 * that the ONNX Runtime session (and its execution provider) exists before the
 * timed evaluation starts.
 */
async function openModel(
  arg: string,
  opts: { device: "auto" | "cpu" | "webgpu"; contextLength: number },
  warn: (m: string) => void,
  log: (m: string) => void,
): Promise<ZeroShotModel & { release(): Promise<void> }> {
  let dir = arg;
  let revision = "local";
  if (!(await isDir(arg))) {
    if (!HUB_ID.test(arg) || arg.startsWith(".")) {
      throw new Deno.errors.NotFound(
        `Cannot find the model folder "${arg}": pass a folder with config.json and ` +
          `model.safetensors, or a Hugging Face id such as "amazon/chronos-2"`,
      );
    }
    dir = defaultModelDir(arg);
    revision = "main";
    const have = await Deno.stat(`${dir}/model.safetensors`).then(() => true, () => false);
    if (!have) {
      log(`Downloading ${arg} into ${dir}`);
      try {
        await downloadModel({ repo: arg, dir });
      } catch (err) {
        if (!(err instanceof DownloadError)) throw err;
        throw new DownloadError(
          err.url,
          `Cannot get the model "${arg}": it is not a folder here and the download failed: ` +
            err.message,
          { cause: err },
        );
      }
    }
    await convertModel(dir, { onProgress: log });
  }
  const pipeline = await loadChronos2(dir, { executionProvider: opts.device, onWarning: warn });
  // one tiny batch: opens the session now, outside the timed loop
  await pipeline.predictBatch({
    context: new Float32Array(16).fill(1),
    rows: 1,
    length: 16,
    groupIds: new Int32Array(1),
    predictionLength: 1,
  });
  // the runner does not report its sessions' provider: ask lib/runtime with a probe
  const runner = pipeline.runner as { executionProvider?: string; providerReason?: string };
  const probe = runner.executionProvider
    ? { executionProvider: runner.executionProvider, reason: runner.providerReason ?? "" }
    : await probeExecutionProvider(opts.device); // its fallback was already warned about
  return {
    forecaster: pipeline,
    interpolate: interpolateQuantiles,
    id: arg,
    revision,
    executionProvider: probe.executionProvider,
    executionProviderReason: probe.reason,
    release: () => pipeline.release(),
  };
}

function isExpected(err: Error): boolean {
  return err instanceof RangeError || err instanceof TypeError || err instanceof SyntaxError ||
    err instanceof Deno.errors.NotFound || err instanceof Deno.errors.PermissionDenied ||
    [
      "OrtRunError",
      "GpuUnavailableError",
      "MlflowRequestError",
      "DownloadError",
      "ModelFormatError",
    ]
      .includes(err.name);
}

if (import.meta.main) Deno.exit(await main(Deno.args));
