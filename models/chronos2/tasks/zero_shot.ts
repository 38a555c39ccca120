/**
 * The zero-shot task end to end (what `deno task zero-shot` runs): find and
 * load the dataset named by its spec, plan the origins once before touching
 * the model, open Chronos-2 from a folder or a hub id ({@linkcode openChronos2}:
 * fetched and converted on first use), then run lib/evaluate's
 * {@linkcode runZeroShot} (windows, batched forecasts, metrics beside the
 * standard baselines at the dataset's seasonal periods, results file, tracked
 * run in the dataset's experiment) with the pipeline's execution provider
 * recorded.
 *
 * @module
 */

import type { DatasetSpec } from "../../../lib/datasets/spec.ts";
import { seasonalPeriods } from "../../../lib/datasets/spec.ts";
import { DEFAULTS } from "../../../lib/defaults.ts";
import { standardBaselines } from "../../../lib/baselines/standard.ts";
import {
  runZeroShot,
  type ZeroShotOptions,
  zeroShotOrigins,
  type ZeroShotOutcome,
  type ZeroShotTracker,
} from "../../../lib/evaluate/zero_shot.ts";
import { createTracker } from "../../../lib/tracking/mod.ts";
import { openChronos2 } from "../open.ts";
import type { Precision } from "../precision.ts";
import { interpolateQuantiles } from "../quantiles.ts";

/** Options of {@linkcode runZeroShotTask}: those of `runZeroShot` with the dataset and model named. */
export interface ZeroShotTaskOptions extends
  Omit<
    ZeroShotOptions,
    "data" | "model" | "tracker" | "baselines" | "seasonalPeriod" | "segmentColumn" | "plan"
  > {
  /** The dataset: columns, seasonal periods, segment column, experiment, how to find and load it. */
  dataset: DatasetSpec;
  /** Model folder, or a Hugging Face id fetched and converted on first use. @default DEFAULTS.model */
  model?: string;
  /** A local data file (`--data`). @default the dataset's own resolution (e.g. env, cache, download) */
  data?: string;
  /** Tracking; `false` tracks nothing. @default createTracker() (MLFLOW_TRACKING_URI, else ./mlruns) */
  tracker?: ZeroShotTracker | false;
  /** Experiment of the tracked run. @default the dataset's `experiments.zeroShot` */
  experiment?: string;
  /** Precision of the model's matrix products (`--precision`). @default "fp32" */
  precision?: Precision;
}

/** What {@linkcode runZeroShotTask} produced. */
export interface ZeroShotTaskOutcome extends ZeroShotOutcome {
  /** The data file used. */
  dataPath: string;
  /** The model folder used. */
  modelDir: string;
}

/**
 * Runs the zero-shot evaluation of a named model on a dataset.
 *
 * @param options dataset, model, data file, evaluation, tracking and progress options
 * @returns results, results file, status, run id, data path and model folder
 * @throws {RangeError} when the data is too short for the context or the prediction length passes the split end
 * @throws {Deno.errors.NotFound} when the model is neither a folder nor a hub id
 * @throws {DownloadError} when the data or a hub model cannot be downloaded
 * @example Usage
 * ```ts ignore
 * import { runZeroShotTask, STEEL_SPEC } from "@chronos-deno/chronos-deno";
 * const out = await runZeroShotTask({ dataset: STEEL_SPEC, model: "amazon/chronos-2" });
 * console.log(out.resultsPath);
 * ```
 */
export async function runZeroShotTask(options: ZeroShotTaskOptions): Promise<ZeroShotTaskOutcome> {
  const {
    dataset,
    model: modelOrId = DEFAULTS.model,
    data: dataArg,
    tracker: t,
    experiment = dataset.experiments.zeroShot,
    precision = "fp32",
    ...rest
  } = options;
  const warn = options.onWarning ? { onWarning: options.onWarning } : {};
  const info = (line: string) => options.onInfo?.(line);
  const tracker = t === false ? undefined : t ?? createTracker(warn);
  const { path: dataPath } = await dataset.resolve({
    ...(dataArg ? { data: dataArg } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...warn,
  });
  const data = await dataset.load(dataPath, warn);
  info(`Data: ${dataPath} (${data.target.length} rows)`);
  const plan = zeroShotOrigins(data.target.length, options); // fail fast, before the model
  info(`Evaluating ${plan.origins.length} origins of the ${options.split ?? "test"} split`);
  const periods = seasonalPeriods(dataset, data.frequencyMs);
  const opened = await openChronos2(modelOrId, {
    executionProvider: options.device ?? "auto",
    precision,
    ...warn,
    onInfo: options.onInfo,
  });
  info(`Execution provider: ${opened.executionProvider} (${opened.providerReason})`);
  try {
    const outcome = await runZeroShot({
      ...rest,
      data,
      plan,
      model: {
        name: precision === "fp32" ? "chronos-2 zero-shot" : `chronos-2 zero-shot (${precision})`,
        pipeline: opened.pipeline,
        interpolate: interpolateQuantiles,
        id: opened.id,
        revision: opened.revision,
        path: opened.dir,
        executionProvider: opened.executionProvider,
        executionProviderReason: opened.providerReason,
      },
      baselines: standardBaselines(periods),
      seasonalPeriod: periods.seasonalPeriod,
      ...(dataset.segmentColumn !== undefined ? { segmentColumn: dataset.segmentColumn } : {}),
      experiment,
      ...(tracker ? { tracker } : {}),
    });
    return { ...outcome, dataPath, modelDir: opened.dir };
  } finally {
    await opened.pipeline.release();
  }
}
