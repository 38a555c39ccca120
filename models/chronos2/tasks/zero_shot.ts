/**
 * The zero-shot task end to end (what `deno task zero-shot` runs): find and
 * load the steel data, check the origins before touching the model, open
 * Chronos-2 from a folder or a hub id ({@linkcode openChronos2}: fetched and
 * converted on first use), then run lib/evaluate's {@linkcode runZeroShot}
 * (windows, batched forecasts, metrics beside the baselines, results file,
 * tracked run) with the pipeline's execution provider recorded.
 *
 * @module
 */

import { resolveSteelDataPath } from "../../../lib/datasets/steel_resolve.ts";
import { loadSteelData } from "../../../lib/datasets/steel.ts";
import {
  runZeroShot,
  type ZeroShotOptions,
  zeroShotOrigins,
  type ZeroShotOutcome,
  type ZeroShotTracker,
} from "../../../lib/evaluate/zero_shot.ts";
import { createTracker } from "../../../lib/tracking/mod.ts";
import { openChronos2 } from "../open.ts";
import { interpolateQuantiles } from "../quantiles.ts";

/** Options of {@linkcode runZeroShotTask}: those of `runZeroShot` with the model and data named. */
export interface ZeroShotTaskOptions extends Omit<ZeroShotOptions, "data" | "model" | "tracker"> {
  /** Model folder, or a Hugging Face id fetched and converted on first use. @default "amazon/chronos-2" */
  model?: string;
  /** The steel CSV. @default env STEEL_DATA, else the cache, else a download */
  data?: string;
  /** Tracking; `false` tracks nothing. @default createTracker() (MLFLOW_TRACKING_URI, else ./mlruns) */
  tracker?: ZeroShotTracker | false;
}

/** What {@linkcode runZeroShotTask} produced. */
export interface ZeroShotTaskOutcome extends ZeroShotOutcome {
  /** The data file used. */
  dataPath: string;
  /** The model folder used. */
  modelDir: string;
}

/**
 * Runs the zero-shot evaluation of a named model on the steel data.
 *
 * @param options model, data, evaluation, tracking and progress options
 * @returns results, results file, status, run id, data path and model folder
 * @throws {RangeError} when the data is too short for the context or the horizon passes the split end
 * @throws {Deno.errors.NotFound} when the model is neither a folder nor a hub id
 * @throws {DownloadError} when the data or a hub model cannot be downloaded
 * @example Usage
 * ```ts ignore
 * const out = await runZeroShotTask({ model: "amazon/chronos-2", maxPredictions: 10 });
 * console.log(out.resultsPath);
 * ```
 */
export async function runZeroShotTask(
  options: ZeroShotTaskOptions = {},
): Promise<ZeroShotTaskOutcome> {
  const { model: modelOrId = "amazon/chronos-2", data: dataArg, tracker: t, ...rest } = options;
  const warn = options.onWarning ? { onWarning: options.onWarning } : {};
  const info = (line: string) => options.onInfo?.(line);
  const tracker = t === false ? undefined : t ?? createTracker(warn);
  const dataPath = await resolveSteelDataPath({ ...(dataArg ? { data: dataArg } : {}), ...warn });
  const data = await loadSteelData(dataPath);
  info(`Data: ${dataPath} (${data.target.length} rows)`);
  const { origins } = zeroShotOrigins(data.target.length, options); // fail fast, before the model
  info(`Evaluating ${origins.length} origins of the ${options.split ?? "test"} split`);
  const opened = await openChronos2(modelOrId, {
    executionProvider: options.device ?? "auto",
    ...warn,
    onInfo: options.onInfo,
  });
  info(`Execution provider: ${opened.executionProvider} (${opened.providerReason})`);
  try {
    const outcome = await runZeroShot({
      ...rest,
      data,
      model: {
        forecaster: opened.pipeline,
        interpolate: interpolateQuantiles,
        id: opened.id,
        revision: opened.revision,
        executionProvider: opened.executionProvider,
        executionProviderReason: opened.providerReason,
      },
      ...(tracker ? { tracker } : {}),
    });
    return { ...outcome, dataPath, modelDir: opened.dir };
  } finally {
    await opened.pipeline.release();
  }
}
