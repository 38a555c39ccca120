/**
 * Baseline forecasts on exactly the origins an evaluation forecast with its
 * model: each baseline sees the whole history before the origin, as
 * lib/baselines' `Forecaster` defines it.
 *
 * @module
 */

/** A baseline forecaster (lib/baselines `Forecaster`). */
export interface BaselineForecaster {
  /** Display name, e.g. "persistence". */
  name: string;
  /**
   * Forecasts `horizon` steps after `history`.
   * @param history all rows before the origin
   * @param horizon steps to forecast
   */
  forecast(history: Float64Array, horizon: number): Float64Array;
}

/** One baseline's forecasts over all origins. */
export interface BaselineForecasts {
  /** The baseline's name. */
  name: string;
  /** [origins·H] point forecasts. */
  point: Float64Array;
  /** Wall time in seconds. */
  seconds: number;
}

/**
 * Runs each baseline at every origin (row index of the first forecast step).
 *
 * @param target the full target series
 * @param origins the evaluation's origins
 * @param horizon steps per origin
 * @param forecasters the baselines
 * @param now clock in milliseconds @default performance.now
 * @returns per baseline, [origins·H] forecasts and the time taken
 * @throws {RangeError} when a baseline returns a forecast of the wrong length
 * @example Usage
 * ```ts
 * import { baselineForecasts } from "./baseline_forecasts.ts";
 * import { deepEqual } from "node:assert/strict";
 * const last = { name: "persistence", forecast: (h: Float64Array, n: number) =>
 *   new Float64Array(n).fill(h[h.length - 1]!) };
 * const [b] = baselineForecasts(new Float64Array([1, 2, 3, 4]), [2, 3], 1, [last]);
 * deepEqual(Array.from(b!.point), [2, 3]);
 * ```
 */
export function baselineForecasts(
  target: Float64Array,
  origins: readonly number[],
  horizon: number,
  forecasters: readonly BaselineForecaster[],
  now: () => number = () => performance.now(),
): BaselineForecasts[] {
  return forecasters.map((f) => {
    const point = new Float64Array(origins.length * horizon);
    const start = now();
    origins.forEach((o, i) => {
      const y = f.forecast(target.subarray(0, o), horizon);
      if (y.length !== horizon) {
        throw new RangeError(
          `Baseline "${f.name}" returned ${y.length} values for a horizon of ${horizon}`,
        );
      }
      point.set(y, i * horizon);
    });
    return { name: f.name, point, seconds: (now() - start) / 1000 };
  });
}
