/**
 * Forecasters defined by a rule on the history (the baselines): a function
 * from every value before an origin to the next steps, lifted to the one
 * {@linkcode Forecaster} interface by calling it at each origin.
 *
 * @module
 */

import type { Forecaster, ForecasterKind, ForecastRequest, Forecasts } from "./forecaster.ts";

/** Forecasts the `predictionLength` values after `history` (oldest first; NaN = missing). */
export type HistoryRule = (history: Float64Array, predictionLength: number) => Float64Array;

/** A forecaster from a history rule, which can also be asked about one history. */
export interface HistoryForecaster extends Forecaster {
  /**
   * Applies the rule to one history.
   * @param history every value before the origin
   * @param predictionLength steps to forecast (≥ 1)
   * @returns `predictionLength` forecasts
   */
  forecastHistory(history: Float64Array, predictionLength: number): Float64Array;
}

/**
 * Lifts a history rule to a {@linkcode Forecaster}: at each origin `o` of a
 * request, the rule sees the target's rows `0..o-1`.
 *
 * @param name display name
 * @param rule the forecasting rule
 * @param kind what it is @default "baseline"
 * @param now clock in milliseconds @default performance.now
 * @returns the forecaster
 * @throws {RangeError} (from `forecast`) when the rule returns the wrong number of values
 * @example Usage
 * ```ts
 * import { historyForecaster } from "@chronos-deno/chronos-deno/evaluate";
 * import { deepEqual } from "node:assert/strict";
 * const last = historyForecaster("last", (h, n) => new Float64Array(n).fill(h[h.length - 1]!));
 * const target = new Float64Array([1, 2, 3, 4]);
 * const out = await last.forecast({ data: { target, covariates: [], timestamps: target,
 *   frequencyMs: 1 }, origins: [2, 3], contextLength: 0, predictionLength: 1, quantileLevels: [] });
 * deepEqual(Array.from(out.point), [2, 3]);
 * ```
 */
export function historyForecaster(
  name: string,
  rule: HistoryRule,
  kind: ForecasterKind = "baseline",
  now: () => number = () => performance.now(),
): HistoryForecaster {
  return {
    name,
    kind,
    forecastHistory: rule,
    forecast(request: ForecastRequest): Promise<Forecasts> {
      try {
        return Promise.resolve(forecastAll(request));
      } catch (err) {
        return Promise.reject(err);
      }
    },
  };

  function forecastAll(request: ForecastRequest): Forecasts {
    const { origins, predictionLength: H } = request;
    const target = request.data.target;
    const point = new Float64Array(origins.length * H);
    const start = now();
    origins.forEach((o, i) => {
      const y = rule(target.subarray(0, o), H);
      if (y.length !== H) {
        throw new RangeError(
          `Cannot use the forecasts of "${name}": it returned ${y.length} values for a ` +
            `prediction length of ${H}`,
        );
      }
      point.set(y, i * H);
    });
    request.onProgress?.(origins.length, origins.length);
    return { done: origins.length, point, seconds: (now() - start) / 1000, interrupted: false };
  }
}
