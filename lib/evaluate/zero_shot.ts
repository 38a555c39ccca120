/**
 * The zero-shot evaluation flow: split the data, cut the windows of every
 * origin with the window kernel, forecast them with Chronos-2 in batches,
 * score the forecasts with the metric kernel beside the persistence, daily
 * and weekly naive baselines on exactly the same origins, write the results
 * file and track the run.
 *
 * @module
 */

import { chronologicalSplits } from "../data/splits.ts";
import { formatTimestamp } from "../data/timestamp.ts";
import type { Splits, TimeSeriesData } from "../data/types.ts";
import { type EvaluationResults, type ModelResult, RESULTS_SCHEMA } from "../results/schema.ts";
import { type CovariateMode, windowRows } from "./covariate_rows.ts";
import {
  type BatchForecaster,
  forecastWindows,
  type ForecastWindowsOptions,
  type InterpolateFn,
  type WindowForecasts,
} from "./forecast_windows.ts";
import { evaluationOrigins } from "./origins.ts";
import { writeResultsFile } from "../results/write.ts";
import { runContextTags } from "../tracking/run_context.ts";
import { persistence } from "../baselines/persistence.ts";
import { seasonalNaive } from "../baselines/seasonal_naive.ts";
import { evaluationMetrics, zeroShotParams, type ZeroShotRunInfo } from "./run_record.ts";
import { chooseWindowKernel, type KernelChoice } from "./kernel_paths.ts";
import { createScorer } from "./score.ts";
import { actualsOf, checkLevels, chronosResult, rowsOf } from "./_results_arrays.ts";
import { type BaselineForecaster, baselineForecasts } from "./baseline_forecasts.ts";

/** The quantile levels reported by default (those of `predict_quantiles`). */
export const DEFAULT_QUANTILE_LEVELS: readonly number[] = [
  0.1,
  0.2,
  0.3,
  0.4,
  0.5,
  0.6,
  0.7,
  0.8,
  0.9,
];

/** Default experiment of zero-shot runs (the original project's name). */
export const ZERO_SHOT_EXPERIMENT = "steel_energy_chronos2";

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
  /** The pipeline (quantile levels + `predictBatch`). */
  forecaster: BatchForecaster;
  /** The pipeline's quantile interpolation (`interpolateQuantiles`). */
  interpolate: InterpolateFn;
  /** Hub id or folder. */
  id: string;
  /** Hub revision, or "local". */
  revision?: string;
  /** ONNX Runtime execution provider in use. */
  executionProvider: string;
  /** Why that provider. */
  executionProviderReason?: string;
}

/** Options of {@linkcode runZeroShot}. */
export interface ZeroShotOptions {
  /** The series (target + covariates). */
  data: TimeSeriesData;
  /** The model. */
  model: ZeroShotModel;
  /** Split to evaluate. @default "test" */
  split?: "test" | "val";
  /** Context length. @default 512 */
  contextLength?: number;
  /** Horizon. @default 1 */
  predictionLength?: number;
  /** Series rows per model call. @default 512 */
  batchSize?: number;
  /** Origins to keep, spread evenly; 0 = every origin. @default 10 */
  maxPredictions?: number;
  /** Step between candidate origins. @default 1 */
  stride?: number;
  /** Covariate mode. @default "none" */
  covariates?: CovariateMode;
  /** Quantile levels to report. @default DEFAULT_QUANTILE_LEVELS */
  quantileLevels?: readonly number[];
  /** Kernel device. @default "auto" */
  device?: "auto" | "cpu" | "webgpu";
  /**
   * Where the results file goes; `null` writes none (a caller that writes its
   * own, such as fine-tuning, which merges two evaluations).
   * @default "models/foundation"
   */
  outputDir?: string | null;
  /** Baselines scored on the same origins. @default persistence, daily and weekly naive */
  baselines?: readonly BaselineForecaster[];
  /** Tracking; no run is tracked when absent. */
  tracker?: ZeroShotTracker;
  /** Experiment name. @default ZERO_SHOT_EXPERIMENT */
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
 * The baselines every zero-shot table shows: persistence y(t−1), daily naive
 * y(t−96) and weekly naive y(t−672).
 *
 * @returns the three forecasters
 * @example Usage
 * ```ts
 * import { defaultBaselines } from "./zero_shot.ts";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(defaultBaselines().map((b) => b.name), ["persistence", "daily naive", "weekly naive"]);
 * ```
 */
export function defaultBaselines(): BaselineForecaster[] {
  return [persistence(), seasonalNaive(96, "daily naive"), seasonalNaive(672, "weekly naive")];
}

/** MASE scale period: one day of 15-minute steps. */
const MASE_PERIOD = 96;

/**
 * The chronological splits of a series and the origins a zero-shot run with
 * these options evaluates: call it before loading a model to fail fast on a
 * horizon beyond the split end or data too short for the context.
 *
 * @param rows rows of the series
 * @param options split, context length, horizon, stride and cap (defaults as {@linkcode runZeroShot})
 * @returns the splits and the origins
 * @throws {RangeError} when the horizon goes beyond the split end or the data is too short
 * @example Usage
 * ```ts
 * import { zeroShotOrigins } from "./zero_shot.ts";
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
): { splits: Splits; origins: number[] } {
  const splitName = options.split ?? "test";
  const splits = chronologicalSplits(rows);
  const origins = evaluationOrigins(splits[splitName], {
    horizon: options.predictionLength ?? 1,
    contextLength: options.contextLength ?? 512,
    stride: options.stride ?? 1,
    maxPredictions: options.maxPredictions ?? 10,
    label: splitName,
  });
  return { splits, origins };
}

/**
 * Runs the zero-shot evaluation end to end (see the module doc).
 *
 * @param options data, model and evaluation settings
 * @returns results, results file path, status and run id
 * @throws {RangeError} when the horizon goes beyond the split end, the data is
 *   too short for the context, or a quantile level is not in (0, 1)
 * @example Usage
 * ```ts ignore
 * const outcome = await runZeroShot({ data, model, maxPredictions: 10 });
 * console.log(outcome.resultsPath);
 * ```
 */
export async function runZeroShot(options: ZeroShotOptions): Promise<ZeroShotOutcome> {
  const { data, model } = options;
  const splitName = options.split ?? "test";
  const L = options.contextLength ?? 512;
  const H = options.predictionLength ?? 1;
  const batchSize = options.batchSize ?? 512;
  const maxPredictions = options.maxPredictions ?? 10;
  const stride = options.stride ?? 1;
  const covariates = options.covariates ?? "none";
  const levels = [...(options.quantileLevels ?? DEFAULT_QUANTILE_LEVELS)];
  const device = options.device ?? "auto";
  checkLevels(levels, model.forecaster.quantiles, options.onWarning);

  const { splits, origins } = zeroShotOrigins(data.target.length, options);
  const rows = windowRows(data, covariates);
  const window = await chooseWindowKernel(device, {
    series: rows.series,
    origins,
    contextLength: L,
    horizon: H,
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
  const experiment = options.experiment ?? ZERO_SHOT_EXPERIMENT;
  const run = await options.tracker?.startRun({
    experiment,
    runName: `zero-shot ${splitName} ${new Date().toISOString().slice(0, 19)}`,
    tags: await runContextTags("zero-shot"),
  });
  try {
    await run?.logParams(zeroShotParams({ config, origins }, info));
    const forecasts = await (options.forecastWindows ?? forecastWindows)({
      rows,
      origins,
      contextLength: L,
      horizon: H,
      batchSize,
      levels,
      model: model.forecaster,
      gather: window.gather,
      interpolate: model.interpolate,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const done = origins.slice(0, forecasts.done);
    const status = forecasts.interrupted ? "KILLED" : "FINISHED";
    const actual = actualsOf(data.target, done, H);
    const train = data.target.subarray(splits.train.start, splits.train.end);
    const scoring = await createScorer({
      device,
      actual,
      levels,
      maseScale: { train, period: MASE_PERIOD },
      onWarning: options.onWarning,
    });
    options.onInfo?.(`Metric kernel: ${scoring.choice.path} (${scoring.choice.reason})`);
    const models: ModelResult[] = [
      chronosResult(
        forecasts,
        done.length,
        H,
        levels,
        await scoring.score(forecasts.point, forecasts.quantiles),
      ),
    ];
    const baselines = options.baselines ?? defaultBaselines();
    for (const b of baselineForecasts(data.target, done, H, baselines)) {
      models.push({
        name: b.name,
        kind: "baseline",
        metrics: await scoring.score(b.point),
        timing: {
          seconds: b.seconds,
          windowsPerSecond: b.seconds > 0 ? done.length / b.seconds : NaN,
        },
        point: rowsOf(b.point, done.length, H),
      });
    }
    config.metricKernel = scoring.choice.path;
    config.status = status;
    const results: EvaluationResults = {
      schema: RESULTS_SCHEMA,
      task: "zero-shot",
      createdAt: new Date().toISOString(),
      config,
      origins: done,
      timestamps: done.map((o) => formatTimestamp(data.timestamps[o]!, data.utcOffsetMinutes ?? 0)),
      actuals: rowsOf(actual, done.length, H),
      ...(data.labels?.Load_Type ? { loadType: done.map((o) => data.labels!.Load_Type![o]!) } : {}),
      models,
      links: { experiment, ...(run ? { runId: run.runId } : {}) },
    };
    const resultsPath = options.outputDir === null
      ? undefined
      : await writeResultsFile(results, options.outputDir ?? "models/foundation");
    if (run) {
      await run.logMetrics(evaluationMetrics(results));
      await run.setTags({
        ...(resultsPath ? { "results_path": resultsPath } : {}),
        "metric_kernel": scoring.choice.path,
        "execution_provider_reason": model.executionProviderReason ?? "",
        "window_kernel_reason": window.reason,
        "metric_kernel_reason": scoring.choice.reason,
      });
      if (resultsPath) await run.logArtifact(resultsPath);
      await run.end(status);
    }
    return {
      results,
      ...(resultsPath ? { resultsPath } : {}),
      status,
      ...(run ? { runId: run.runId } : {}),
      kernels: { window, metrics: scoring.choice },
    };
  } catch (err) {
    await run?.end("FAILED").catch(() => {});
    throw err;
  }
}
