/**
 * A batched model (a Chronos-2 pipeline) as a {@linkcode Forecaster}: each
 * origin's window (the target and the covariate rows of its group) is cut by
 * the window kernel and the windows go through the model in batches, by the
 * local loop (`forecastWindows`) or one that farms them out to workers.
 *
 * @module
 */

import type { WindowRows } from "./covariate_rows.ts";
import {
  type BatchModel,
  forecastWindows,
  type ForecastWindowsOptions,
  type GatherFn,
  type InterpolateFn,
  type WindowForecasts,
} from "./forecast_windows.ts";
import type { Forecaster, ForecasterKind, ForecastRequest } from "./forecaster.ts";

/** Options of {@linkcode windowForecaster}. */
export interface WindowForecasterOptions {
  /** Display name, e.g. `"chronos-2 zero-shot"`. */
  name: string;
  /** What it is. @default "zero-shot" */
  kind?: ForecasterKind;
  /** The model. */
  model: BatchModel;
  /** The model's quantile interpolation. */
  interpolate: InterpolateFn;
  /** Rows of each window's group (target first), for the covariate mode evaluated. */
  rows: WindowRows;
  /** The window kernel path. */
  gather: GatherFn;
  /** Series rows per model call. @default 512 */
  batchSize?: number;
  /**
   * Runs the model over the origins: the local loop by default; a distributed
   * run passes one that farms the windows out (lib/distributed).
   * @default forecastWindows
   */
  forecastWindows?: (options: ForecastWindowsOptions) => Promise<WindowForecasts>;
}

/**
 * Makes a batched model a {@linkcode Forecaster}. Its forecasts also carry
 * what the window loop measured (`windowsPerSecond`, `batches`, the gathered
 * `actuals`).
 *
 * @param options model, interpolation, rows, kernel and batch size
 * @returns the forecaster
 * @example Usage
 * ```ts
 * import { windowForecaster, windowRows } from "@chronos-deno/chronos-deno/evaluate";
 * import { windowGatherCpu } from "@chronos-deno/chronos-deno/kernels";
 * import { equal } from "node:assert/strict";
 * const target = new Float64Array([1, 2, 3, 4]);
 * const model = { quantiles: [0.5], predictBatch: (b: { rows: number }) =>
 *   Promise.resolve({ quantiles: new Float32Array(b.rows).fill(7) }) };
 * const f = windowForecaster({ name: "seven", model, gather: windowGatherCpu,
 *   rows: windowRows({ targetName: "y", target, covariates: [] }, "none"),
 *   interpolate: (q: readonly number[], _l: ArrayLike<number>, v: ArrayLike<number>) =>
 *     Float32Array.from({ length: v.length * q.length }, () => v[0]!) });
 * const out = await f.forecast({ data: { target, covariates: [], timestamps: target,
 *   frequencyMs: 1 }, origins: [2, 3], contextLength: 2, predictionLength: 1, quantileLevels: [] });
 * equal(out.point[1], 7);
 * ```
 */
export function windowForecaster(
  options: WindowForecasterOptions,
): Forecaster & { forecast(request: ForecastRequest): Promise<WindowForecasts> } {
  const run = options.forecastWindows ?? forecastWindows;
  return {
    name: options.name,
    kind: options.kind ?? "zero-shot",
    forecast(request) {
      return run({
        rows: options.rows,
        origins: request.origins,
        contextLength: request.contextLength,
        predictionLength: request.predictionLength,
        ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
        levels: request.quantileLevels,
        model: options.model,
        gather: options.gather,
        interpolate: options.interpolate,
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.onProgress ? { onProgress: request.onProgress } : {}),
      });
    },
  };
}
