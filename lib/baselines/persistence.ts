/**
 * The persistence (naive) forecaster: the last known value, repeated.
 *
 * @module
 */

import type { Forecaster } from "./forecaster.ts";
import { checkForecastArgs } from "./_check.ts";

/**
 * Creates the persistence forecaster: every step gets the last non-NaN value of the history.
 *
 * @returns the forecaster, named `"persistence"`
 * @throws {RangeError} (from `forecast`) on an empty or all-NaN history or a bad horizon
 * @example Usage
 * ```ts
 * import { persistence } from "./persistence.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(Array.from(persistence().forecast(new Float64Array([1, 2, NaN]), 2)), [2, 2]);
 * ```
 */
export function persistence(): Forecaster {
  return {
    name: "persistence",
    forecast(history: Float64Array, horizon: number): Float64Array {
      checkForecastArgs("persistence", history, horizon);
      let i = history.length - 1;
      while (i >= 0 && Number.isNaN(history[i]!)) i--;
      if (i < 0) throw new RangeError("Cannot forecast with persistence: the history is all NaN");
      return new Float64Array(horizon).fill(history[i]!);
    },
  };
}
