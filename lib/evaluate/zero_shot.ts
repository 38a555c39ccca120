/**
 * The zero-shot evaluation flow of a batched model: split the series, plan
 * the origins once, cut each origin's window with the window kernel and
 * forecast them in batches, evaluate the model beside the given baselines on
 * exactly the same origins through the one {@linkcode Forecaster} interface,
 * score everything with the metric kernel, write the results file and track
 * the run. Nothing here knows the dataset: the caller passes the baselines,
 * the seasonal period of the MASE scale, the segment column and the
 * experiment (from a dataset spec, in the tasks).
 *
 * @module
 */

import { splitProfile } from "../tracking/dataset_input.ts";
import { chronologicalSplits } from "../data/splits.ts";
import { formatTimestamp } from "../data/timestamp.ts";
import type { Splits, TimeSeriesData } from "../data/types.ts";
import { type EvaluationResults, RESULTS_SCHEMA } from "../results/schema.ts";
import { writeResultsFile } from "../results/write.ts";
import { resolve } from "node:path";
import { closeRun } from "../tracking/run_lifecycle.ts";
import { startTaskRun } from "../tracking/task_run.ts";
import { RUN_TAGS, runParams } from "../tracking/vocabulary.ts";
import { createScorer } from "../metrics/score.ts";
import type { KernelChoice } from "../gpu/choose_kernel.ts";
import type { Device } from "../gpu/select.ts";
import { type CovariateMode, windowRows } from "./covariate_rows.ts";
import type {
  BatchModel,
  ForecastWindowsOptions,
  InterpolateFn,
  WindowForecasts,
} from "./forecast_windows.ts";
import type { Forecaster } from "./forecaster.ts";
import { evaluationOrigins } from "./origins.ts";
import { evaluationMetrics, type ZeroShotRunInfo, zeroShotSettings } from "./run_record.ts";
import { chooseWindowKernel } from "./kernel_paths.ts";
import { checkLevels } from "./_levels.ts";
import { windowForecaster } from "./window_forecaster.ts";
import { evaluateForecasters } from "./evaluate_forecasters.ts";
import { DEFAULTS } from "../defaults.ts";

/** The part of a tracked run the flow uses (lib/tracking `TrackedRun`). */
export interface ZeroShotTrackedRun {
  /** Run id. */
  readonly runId: string;
  /** Logs params. */
  logParams(params: Record<string, string | number | boolean>): Promise<void>;
  /** Logs metrics. */
  logMetrics(metrics: Record<string, number>, step?: number): Promise<void>;
  /** Sets tags. */
  setTags(tags: Record<string, string>): Promise<void>;
  /** Logs a file as an artifact. */
  logArtifact(localPath: string, artifactPath?: string): Promise<void>;
  /** Ends the run. */
  end(status?: "FINISHED" | "FAILED" | "KILLED"): Promise<void>;
}

/** The part of a tracker the flow uses (lib/tracking `Tracker`). */
export interface ZeroShotTracker {
  /** Starts a run. */
  startRun(options: {
    experiment: string;
    runName?: string;
    tags?: Record<string, string>;
  }): Promise<ZeroShotTrackedRun>;
}

/** The model and what it is. */
export interface ZeroShotModel {
  /** Display name in the results, e.g. `"chronos-2 zero-shot"`. */
  name: string;
  /** The pipeline (quantile levels + `predictBatch`). */
  pipeline: BatchModel;
  /** The pipeline's quantile interpolation (`interpolateQuantiles`). */
  interpolate: InterpolateFn;
  /** Hub id or folder. */
  id: string;
  /** Hub revision, or "local". */
  revision?: string;
  /** The model folder on this machine (tagged `chronos.model_path`, absolute). */
  path?: string;
  /** ONNX Runtime execution provider in use. */
  executionProvider: string;
  /** Why that provider. */
  executionProviderReason?: string;
}

/** The splits of a series and the origins an evaluation forecasts, computed once per run. */
export interface EvaluationPlan {
  /** Chronological train/val/test rows. */
  splits: Splits;
  /** First forecast row of each window. */
  origins: number[];
}

/** Options of {@linkcode runZeroShot}. */
export interface ZeroShotOptions {
  /** The series (target + covariates). */
  data: TimeSeriesData;
  /** The model. */
  model: ZeroShotModel;
  /** Baselines scored on the same origins, after the model (e.g. lib/baselines' `standardBaselines`). */
  baselines: readonly Forecaster[];
  /** Seasonal period of the MASE scale, in steps (one day of the series). */
  seasonalPeriod: number;
  /** Label column whose value at each origin is recorded (the results' `loadType`). @default none */
  segmentColumn?: string;
  /** The splits and origins, when already planned ({@linkcode zeroShotOrigins}). @default planned here */
  plan?: EvaluationPlan;
  /** Split to evaluate. @default "test" */
  split?: "test" | "val";
  /** Rows of context per window. @default 512 */
  contextLength?: number;
  /** Steps forecast from each origin. @default 1 */
  predictionLength?: number;
  /** Series rows per model call. @default 512 */
  batchSize?: number;
  /** Origins to keep, spread evenly; 0 = every origin. @default 10 */
  maxPredictions?: number;
  /** Step between candidate origins. @default 1 */
  stride?: number;
  /** Covariate mode. @default "none" */
  covariates?: CovariateMode;
  /** Quantile levels to report. @default DEFAULTS.quantileLevels (0.1, 0.2, …, 0.9) */
  quantileLevels?: readonly number[];
  /** Kernel device. @default "auto" */
  device?: Device;
  /**
   * Where the results file goes; `null` writes none (a caller that writes its
   * own, such as fine-tuning, which merges two evaluations).
   * @default "models/foundation"
   */
  outputDir?: string | null;
  /** Tracking; no run is tracked when absent. */
  tracker?: ZeroShotTracker;
  /** Experiment of the tracked run (needed with `tracker`). */
  experiment?: string;
  /** Stops after the batch in flight; the run is recorded as KILLED. */
  signal?: AbortSignal;
  /** Windows done / total, after each batch. */
  onProgress?: (done: number, total: number) => void;
  /** One-line notes worth showing (kernel paths, provider). */
  onInfo?: (line: string) => void;
  /** Warnings. */
  onWarning?: (message: string) => void;
  /**
   * Runs the model over the origins: the local loop by default; a distributed
   * run passes one that farms the windows out to workers (lib/distributed).
   * @default forecastWindows
   */
  forecastWindows?: (options: ForecastWindowsOptions) => Promise<WindowForecasts>;
}

/** What {@linkcode runZeroShot} produced. */
export interface ZeroShotOutcome {
  /** The results (as written). */
  results: EvaluationResults;
  /** The results file (absent when `outputDir` was `null`). */
  resultsPath?: string;
  /** FINISHED, or KILLED when interrupted. */
  status: "FINISHED" | "KILLED";
  /** Tracked run id, when tracked. */
  runId?: string;
  /** Kernel paths used. */
  kernels: { window: KernelChoice; metrics: KernelChoice };
}

/**
 * The chronological splits of a series and the origins a zero-shot run with
 * these options evaluates: call it before loading a model to fail fast on a
 * prediction length beyond the split end or data too short for the context,
 * and pass the result to {@linkcode runZeroShot} as `plan`.
 *
 * @param rows rows of the series
 * @param options split, context length, prediction length, stride and cap (defaults as {@linkcode runZeroShot})
 * @returns the splits and the origins
 * @throws {RangeError} when the prediction length goes beyond the split end or the data is too short
 * @example Usage
 * ```ts
 * import { zeroShotOrigins } from "@chronos-deno/chronos-deno/evaluate";
 * import { equal } from "node:assert/strict";
 * equal(zeroShotOrigins(35040, { maxPredictions: 0 }).origins.length, 5256);
 * ```
 */
export function zeroShotOrigins(
  rows: number,
  options: Pick<
    ZeroShotOptions,
    "split" | "contextLength" | "predictionLength" | "stride" | "maxPredictions"
  > = {},
): EvaluationPlan {
  const d = DEFAULTS;
  const splitName = options.split ?? "test";
  const splits = chronologicalSplits(rows);
  const origins = evaluationOrigins(splits[splitName], {
    predictionLength: options.predictionLength ?? d.predictionLength,
    contextLength: options.contextLength ?? d.contextLength,
    stride: options.stride ?? d.stride,
    maxPredictions: options.maxPredictions ?? d.maxPredictions,
    label: splitName,
  });
  return { splits, origins };
}

/**
 * Runs the zero-shot evaluation end to end (see the module doc).
 *
 * @param options data, model, baselines and evaluation settings
 * @returns results, results file path, status and run id
 * @throws {RangeError} when the prediction length goes beyond the split end, the data is
 *   too short for the context, a quantile level is not in (0, 1), or a run is tracked
 *   without an experiment
 * @example Usage
 * ```ts ignore
 * const outcome = await runZeroShot({ data, model, baselines, seasonalPeriod: 96 });
 * console.log(outcome.resultsPath);
 * ```
 */
export async function runZeroShot(options: ZeroShotOptions): Promise<ZeroShotOutcome> {
  const { data, model } = options;
  const d = DEFAULTS;
  const splitName = options.split ?? "test";
  const L = options.contextLength ?? d.contextLength;
  const H = options.predictionLength ?? d.predictionLength;
  const batchSize = options.batchSize ?? d.batchSize;
  const maxPredictions = options.maxPredictions ?? d.maxPredictions;
  const stride = options.stride ?? d.stride;
  const covariates = options.covariates ?? "none";
  const levels = [...(options.quantileLevels ?? d.quantileLevels)];
  const device = options.device ?? "auto";
  checkLevels(levels, model.pipeline.quantiles, options.onWarning);
  if (options.tracker && !options.experiment) {
    throw new RangeError("Cannot track the zero-shot run: name its experiment");
  }

  const { splits, origins } = options.plan ?? zeroShotOrigins(data.target.length, options);
  const rows = windowRows(data, covariates);
  const window = await chooseWindowKernel(device, {
    series: rows.series,
    origins,
    contextLength: L,
    predictionLength: H,
    futureKnown: rows.futureKnown,
  }, options);
  options.onInfo?.(`Window kernel: ${window.path} (${window.reason})`);

  const config: EvaluationResults["config"] = {
    data: data.source,
    split: splitName,
    contextLength: L,
    predictionLength: H,
    covariates,
    quantileLevels: levels,
    batchSize,
    maxPredictions,
    stride,
    rows: rows.names,
    device,
    executionProvider: model.executionProvider,
    executionProviderReason: model.executionProviderReason ?? "",
    windowKernel: window.path,
    model: model.id,
    modelRevision: model.revision ?? "unknown",
  };
  const info: ZeroShotRunInfo = {
    modelId: model.id,
    modelRevision: model.revision ?? "unknown",
    batchSize,
    maxPredictions,
    stride,
    device,
    executionProvider: model.executionProvider,
    ...(model.executionProviderReason
      ? { executionProviderReason: model.executionProviderReason }
      : {}),
    windowKernel: window.path,
  };
  const experiment = options.experiment;
  const run = experiment === undefined || !options.tracker
    ? undefined
    : await startTaskRun(options.tracker, {
      experiment,
      runName: `zero-shot ${splitName} ${new Date().toISOString().slice(0, 19)}`,
      kind: "zero-shot",
      settings: zeroShotSettings({ config, origins }, info),
      ...(model.path !== undefined ? { modelPath: model.path } : {}),
      dataset: {
        path: data.source,
        columns: rows.names.map((name) => ({ name, type: "double" })),
        profile: splitProfile(data.target.length, splits),
        context: splitName === "test" ? "test" : "validation",
      },
    });
  try {
    const forecaster = windowForecaster({
      name: model.name,
      model: model.pipeline,
      interpolate: model.interpolate,
      rows,
      gather: window.gather,
      batchSize,
      ...(options.forecastWindows ? { forecastWindows: options.forecastWindows } : {}),
    });
    let metricKernel: KernelChoice | undefined;
    const evaluation = await evaluateForecasters({
      request: {
        data,
        origins,
        contextLength: L,
        predictionLength: H,
        quantileLevels: levels,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      },
      forecasters: [forecaster, ...options.baselines],
      scorer: async (actual) => {
        const scorer = await createScorer({
          device,
          actual,
          levels,
          maseScale: {
            train: data.target.subarray(splits.train.start, splits.train.end),
            period: options.seasonalPeriod,
          },
          onWarning: options.onWarning,
        });
        metricKernel = scorer.choice;
        options.onInfo?.(`Metric kernel: ${scorer.choice.path} (${scorer.choice.reason})`);
        return scorer;
      },
    });
    const done = evaluation.origins;
    const status = evaluation.interrupted ? "KILLED" : "FINISHED";
    const metrics = metricKernel!;
    config.metricKernel = metrics.path;
    config.status = status;
    const segments = options.segmentColumn === undefined
      ? undefined
      : data.labels?.[options.segmentColumn];
    const results: EvaluationResults = {
      schema: RESULTS_SCHEMA,
      task: "zero-shot",
      createdAt: new Date().toISOString(),
      config,
      origins: done,
      timestamps: done.map((o) => formatTimestamp(data.timestamps[o]!, data.utcOffsetMinutes ?? 0)),
      actuals: rowsOf(evaluation.actual, done.length, H),
      ...(segments ? { loadType: done.map((o) => segments[o]!) } : {}),
      models: evaluation.models,
      links: { ...(experiment ? { experiment } : {}), ...(run ? { runId: run.runId } : {}) },
    };
    const resultsPath = options.outputDir === null
      ? undefined
      : await writeResultsFile(results, options.outputDir ?? d.outputDir);
    if (run) {
      await run.logParams(runParams({ metricKernel: metrics.path }));
      await run.logMetrics(evaluationMetrics(results));
      await run.setTags({
        ...(resultsPath ? { [RUN_TAGS.resultsPath]: resolve(resultsPath) } : {}),
        [RUN_TAGS.executionProviderReason]: model.executionProviderReason ?? "",
        [RUN_TAGS.windowKernelReason]: window.reason,
        [RUN_TAGS.metricKernelReason]: metrics.reason,
      });
      if (resultsPath) await run.logArtifact(resultsPath);
      await closeRun(run, { interrupted: evaluation.interrupted });
    }
    return {
      results,
      ...(resultsPath ? { resultsPath } : {}),
      status,
      ...(run ? { runId: run.runId } : {}),
      kernels: { window: { path: window.path, reason: window.reason }, metrics },
    };
  } catch (err) {
    if (run) await closeRun(run, { error: err }).catch(() => {});
    throw err;
  }
}

/** [n·H] flat → [n][H]. */
function rowsOf(flat: ArrayLike<number>, n: number, H: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: H }, (_, h) => flat[i * H + h]!));
}
