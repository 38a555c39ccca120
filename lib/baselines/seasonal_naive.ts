/**
 * The seasonal naive forecaster: the value one season earlier.
 *
 * @module
 */

import { type HistoryForecaster, historyForecaster } from "../evaluate/history_forecaster.ts";
import { checkHistory } from "./_check.ts";

/**
 * Creates a seasonal naive forecaster with period m: step h (0-based) after a history of
 * length L gets `y[L − m + (h mod m)]`; when that is NaN, the same phase one season earlier,
 * and so on.
 *
 * @param period the season length in steps (e.g. one day of the series' steps)
 * @param name display name @default `seasonal naive ${period}`
 * @returns the forecaster
 * @throws {RangeError} when `period` is not a positive whole number; forecasting throws when
 *   the history is shorter than one period
 * @example Usage
 * ```ts
 * import { seasonalNaive } from "@chronos-deno/chronos-deno/baselines";
 * import assert from "node:assert/strict";
 * const f = seasonalNaive(3);
 * assert.deepEqual(Array.from(f.forecastHistory(new Float64Array([9, 1, 2, 3]), 4)), [1, 2, 3, 1]);
 * ```
 */
export function seasonalNaive(
  period: number,
  name = `seasonal naive ${period}`,
): HistoryForecaster {
  if (!Number.isInteger(period) || period < 1) {
    throw new RangeError(
      `Cannot use the seasonal period ${period}: it must be a whole number >= 1`,
    );
  }
  return historyForecaster(name, (history, predictionLength) => {
    checkHistory(name, history);
    const n = history.length;
    if (n < period) {
      throw new RangeError(
        `Cannot forecast with ${name}: the history has ${n} values, fewer than the period ${period}`,
      );
    }
    const out = new Float64Array(predictionLength);
    for (let h = 0; h < predictionLength; h++) {
      let i = n - period + (h % period);
      while (i >= 0 && Number.isNaN(history[i]!)) i -= period;
      out[h] = i >= 0 ? history[i]! : NaN;
    }
    return out;
  });
}
