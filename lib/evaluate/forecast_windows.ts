/**
 * Batched Chronos-2 forecasting over many evaluation windows: each batch of
 * origins is tensorized by the window kernel, run through the model's
 * `predictBatch`, and the target rows' quantiles are read at the requested
 * levels (point = median).
 *
 * @module
 */

import type { WindowRows } from "./covariate_rows.ts";
import { DEFAULTS } from "../defaults.ts";
import type { SeriesBatch } from "../data/series_batch.ts";

/** What the window kernel takes (kernels/window_gather.ts `WindowGatherInput`). */
export interface GatherInput {
  /** Row 0 = target, then covariates, equal length. */
  series: Float32Array[];
  /** First forecast row of each window. */
  origins: Int32Array | number[];
  /** Context length L. */
  contextLength: number;
  /** Prediction length H. */
  predictionLength: number;
  /** Per series row: whether its values at the forecast steps are known. */
  futureKnown?: boolean[];
}

/** What the window kernel returns (kernels/window_gather.ts `WindowBatch`). */
export interface GatheredBatch {
  /** Rows per window (target + covariates). */
  rowsPerWindow: number;
  /** [B·rows, L], NaN-left-padded. */
  context: Float32Array;
  /** [B·rows, H], NaN where unknown. */
  future: Float32Array;
  /** [B, H] actuals. */
  target: Float32Array;
  /** [B·rows] window index per row. */
  groupIds: Int32Array;
}

/** Builds one batch of windows (CPU or WebGPU path of the window kernel). */
export type GatherFn = (input: GatherInput) => GatheredBatch | Promise<GatheredBatch>;

/** The part of a batched model (a Chronos-2 pipeline) the window loop needs. */
export interface BatchModel {
  /** The model's quantile levels, increasing. */
  readonly quantiles: readonly number[];
  /** Forecasts one batch: quantiles [rows, Q, H] (H may be padded to whole patches). */
  predictBatch(batch: SeriesBatch): Promise<{ quantiles: Float32Array }>;
}

/**
 * Reads quantiles at other levels, as Chronos-2's `interpolate_quantiles`
 * (models/chronos2/quantiles.ts `interpolateQuantiles`): `values` is
 * `[rows, q]` at `levels`; the result is `[rows, query.length]`.
 */
export type InterpolateFn = (
  query: readonly number[],
  levels: ArrayLike<number>,
  values: ArrayLike<number>,
  q: number,
) => Float32Array;

/** Options of {@linkcode forecastWindows}. */
export interface ForecastWindowsOptions {
  /** Rows of each window's group (target first). */
  rows: WindowRows;
  /** Origins to forecast. */
  origins: readonly number[];
  /** Context length L. */
  contextLength: number;
  /** Steps forecast from each origin, H. */
  predictionLength: number;
  /** Series rows per model call; a window's rows are never split. @default 512 */
  batchSize?: number;
  /** Quantile levels to report. */
  levels: readonly number[];
  /** The model. */
  model: BatchModel;
  /** The window kernel path. */
  gather: GatherFn;
  /** Quantile interpolation of the model's pipeline. */
  interpolate: InterpolateFn;
  /** Stops after the batch in flight when aborted. */
  signal?: AbortSignal;
  /** Called once before the first batch (done = 0), then after each batch. */
  onProgress?: (done: number, total: number) => void;
  /** Clock in milliseconds. @default performance.now */
  now?: () => number;
}

/** Forecasts of the windows that were computed. */
export interface WindowForecasts {
  /** Windows forecast (all origins, or fewer when interrupted). */
  done: number;
  /** Median per window and step: [done·H]. */
  point: Float64Array;
  /** Requested quantiles: [done·H, Q] row-major (index (i·H + h)·Q + j). */
  quantiles: Float64Array;
  /** Actuals as the window kernel gathered them: [done·H]. */
  actuals: Float32Array;
  /** Wall time of gathering + model calls, in seconds. */
  seconds: number;
  /** done / seconds. */
  windowsPerSecond: number;
  /** Whether the signal stopped the loop early. */
  interrupted: boolean;
  /** Model calls made. */
  batches: number;
}

/**
 * Forecasts every origin in batches, stopping early (after the batch in
 * flight) when `signal` is aborted.
 *
 * @param options rows, origins, sizes, model and kernel
 * @returns per-window medians and quantiles, with timing
 * @throws {RangeError} when the model's output is smaller than the batch needs
 * @example Usage
 * ```ts
 * import { forecastWindows } from "@chronos-deno/chronos-deno/evaluate";
 * import { equal } from "node:assert/strict";
 * const model = { quantiles: [0.1, 0.5, 0.9], predictBatch: (b: { rows: number }) =>
 *   Promise.resolve({ quantiles: new Float32Array(b.rows * 3).fill(7) }) };
 * const gather = (i: { origins: number[] | Int32Array }) => ({ rowsPerWindow: 1,
 *   context: new Float32Array(i.origins.length * 2), future: new Float32Array(i.origins.length),
 *   target: new Float32Array(i.origins.length), groupIds: new Int32Array(i.origins.length) });
 * const rows = { names: ["y"], series: [new Float32Array(4)], futureKnown: [false],
 *   pastOnly: 0, knownFuture: 0 };
 * const out = await forecastWindows({ rows, origins: [2, 3], contextLength: 2, predictionLength: 1,
 *   levels: [0.5], model, gather,
 *   // the pipeline's interpolateQuantiles in real use; here the median is a model level
 *   interpolate: (query: readonly number[], _l: ArrayLike<number>, v: ArrayLike<number>, q: number) =>
 *     Float32Array.from({ length: (v.length / q) * query.length }, (_, i) => v[Math.floor(i / query.length) * q + 1]!) });
 * equal(out.point[1], 7);
 * ```
 */
export async function forecastWindows(options: ForecastWindowsOptions): Promise<WindowForecasts> {
  const { rows, origins, contextLength: L, predictionLength: H, model, gather, levels } = options;
  const query = [...levels, 0.5]; // the requested levels, then the median (point forecast)
  const now = options.now ?? (() => performance.now());
  const rowsPerWindow = rows.series.length;
  const perBatch = Math.max(
    1,
    Math.floor((options.batchSize ?? DEFAULTS.batchSize) / rowsPerWindow),
  );
  const Q = levels.length;
  const hasFuture = rows.futureKnown.some((k) => k);
  const total = origins.length;
  const point = new Float64Array(total * H);
  const quantiles = new Float64Array(total * H * Q);
  const actuals = new Float32Array(total * H);
  const start = now();
  let done = 0;
  let batches = 0;
  options.onProgress?.(0, total);
  while (done < total && !options.signal?.aborted) {
    const chunk = origins.slice(done, done + perBatch) as number[];
    const b = chunk.length;
    const batch = await gather({
      series: rows.series,
      origins: chunk,
      contextLength: L,
      predictionLength: H,
      futureKnown: rows.futureKnown,
    });
    const modelRows = b * batch.rowsPerWindow;
    const out = await model.predictBatch({
      context: batch.context,
      rows: modelRows,
      length: L,
      groupIds: batch.groupIds,
      ...(hasFuture ? { futureCovariates: batch.future } : {}),
      predictionLength: H,
    });
    batches++;
    const Qm = model.quantiles.length;
    const Hout = out.quantiles.length / (modelRows * Qm);
    if (!Number.isInteger(Hout) || Hout < H) {
      throw new RangeError(
        `Cannot read the model's forecasts: expected at least ${modelRows}×${Qm}×${H} values, ` +
          `got ${out.quantiles.length}`,
      );
    }
    // the target rows' [Qm, Hout] blocks → [b·H, Qm] for the interpolation
    const steps = new Float32Array(b * H * Qm);
    for (let w = 0; w < b; w++) {
      const base = w * batch.rowsPerWindow * Qm * Hout;
      for (let h = 0; h < H; h++) {
        for (let j = 0; j < Qm; j++) {
          steps[(w * H + h) * Qm + j] = out.quantiles[base + j * Hout + h]!;
        }
        actuals[(done + w) * H + h] = batch.target[w * H + h]!;
      }
    }
    const read = options.interpolate(query, model.quantiles, steps, Qm);
    for (let k = 0; k < b * H; k++) {
      const n = done * H + k;
      for (let j = 0; j < Q; j++) quantiles[n * Q + j] = read[k * (Q + 1) + j]!;
      point[n] = read[k * (Q + 1) + Q]!;
    }
    done += b;
    options.onProgress?.(done, total);
  }
  const seconds = (now() - start) / 1000;
  return {
    done,
    point: point.subarray(0, done * H),
    quantiles: quantiles.subarray(0, done * H * Q),
    actuals: actuals.subarray(0, done * H),
    seconds,
    windowsPerSecond: seconds > 0 ? done / seconds : NaN,
    interrupted: done < total,
    batches,
  };
}
