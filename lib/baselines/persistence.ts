/**
 * The persistence (naive) forecaster: the last known value, repeated.
 *
 * @module
 */

import { type HistoryForecaster, historyForecaster } from "../evaluate/history_forecaster.ts";
import { checkHistory } from "./_check.ts";

/**
 * Creates the persistence forecaster: every step gets the last non-NaN value of the history.
 *
 * @returns the forecaster, named `"persistence"`
 * @throws {RangeError} (when forecasting) on an empty or all-NaN history
 * @example Usage
 * ```ts
 * import { persistence } from "@chronos-deno/chronos-deno/baselines";
 * import assert from "node:assert/strict";
 * assert.deepEqual(Array.from(persistence().forecastHistory(new Float64Array([1, 2, NaN]), 2)), [2, 2]);
 * ```
 */
export function persistence(): HistoryForecaster {
  return historyForecaster("persistence", (history, predictionLength) => {
    checkHistory("persistence", history);
    let i = history.length - 1;
    while (i >= 0 && Number.isNaN(history[i]!)) i--;
    if (i < 0) throw new RangeError("Cannot forecast with persistence: the history is all NaN");
    return new Float64Array(predictionLength).fill(history[i]!);
  });
}
