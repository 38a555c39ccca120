/**
 * The train-mean forecaster: the mean of the training part, for every step.
 *
 * @module
 */

import { type HistoryForecaster, historyForecaster } from "../evaluate/history_forecaster.ts";
import { checkHistory } from "./_check.ts";

/**
 * Creates a forecaster that always predicts the mean of `train` (NaN skipped).
 *
 * @param train the training values
 * @returns the forecaster, named `"train mean"`
 * @throws {RangeError} when `train` has no non-NaN value
 * @example Usage
 * ```ts
 * import { trainMean } from "@chronos-deno/chronos-deno/baselines";
 * import assert from "node:assert/strict";
 * assert.deepEqual(Array.from(trainMean([1, 2, NaN, 6]).forecastHistory(new Float64Array([0]), 2)), [3, 3]);
 * ```
 */
export function trainMean(train: ArrayLike<number>): HistoryForecaster {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < train.length; i++) {
    if (!Number.isNaN(train[i]!)) {
      sum += train[i]!;
      n++;
    }
  }
  if (n === 0) throw new RangeError("Cannot build the train mean: the training part has no values");
  const mean = sum / n;
  return historyForecaster("train mean", (history, predictionLength) => {
    checkHistory("train mean", history);
    return new Float64Array(predictionLength).fill(mean);
  });
}
