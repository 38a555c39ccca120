/**
 * What Chronos-2's `predict` family takes and returns: the options (official
 * names and defaults) and the forecast tensors. In a file of their own so that
 * the pipeline and the data-frame adapter both read them without importing
 * each other.
 *
 * @module
 */

import type { ForwardInput } from "./rollout.ts";

/** A forecast tensor: row-major data and its shape. */
export interface ForecastTensor {
  /** Row-major values. */
  data: Float32Array;
  /** Dimensions, e.g. `[nTargets, Q, H]`. */
  shape: number[];
}

/** Options of {@link Chronos2Pipeline.predict} (official names and defaults). */
export interface PredictOptions {
  /** Steps to forecast. @default maxOutputPatches · patch size (1024 for released models) */
  predictionLength?: number;
  /** Rows (targets + covariates) per model batch. @default 256 */
  batchSize?: number;
  /** Longest context used; above the model's it is clamped with a warning. @default the model's */
  contextLength?: number;
  /** Share information across all tasks of a batch (group id 0). @default false */
  crossLearning?: boolean;
  /** Throw instead of warning when the horizon exceeds one pass. @default false */
  limitPredictionLength?: boolean;
  /** Output patches per forward pass before rolling out. @default the config's */
  maxOutputPatches?: number;
  /** Levels fed back during the rollout (subset of the model's). @default [0.1, …, 0.9] */
  unrolledQuantiles?: number[];
  /** Target-encode categorical covariates when there is one target. @default true */
  useTargetEncoding?: boolean;
  /** Known-future covariates whose future values are unavailable. */
  knownCovariatesNames?: string[];
  /** Called after each batch. */
  afterBatch?: () => void;
  /** Called after every forward pass (diagnostics and parity checks). */
  onForward?: (
    step: { input: ForwardInput; prediction: Float32Array; merged?: Float32Array },
  ) => void;
}

/** Options of {@link Chronos2Pipeline.predictQuantiles}. */
export interface PredictQuantilesOptions extends PredictOptions {
  /** Levels to return (interpolated when not model levels). @default [0.1, …, 0.9] */
  quantileLevels?: number[];
}

/** Result of {@link Chronos2Pipeline.predictQuantiles}. */
export interface QuantileForecasts {
  /** Per task: `[nTargets, H, levels]`. */
  quantiles: ForecastTensor[];
  /** Per task: `[nTargets, H]`, the median (as the official pipeline returns). */
  mean: ForecastTensor[];
}
