/**
 * The one check of a prediction length, with the one message, for every
 * boundary that takes one (the pipeline, CSV inputs, the tasks).
 *
 * @module
 */

/**
 * Checks a prediction length.
 *
 * @param predictionLength steps to forecast
 * @returns the same number
 * @throws {RangeError} when it is not a positive integer
 * @example Usage
 * ```ts
 * import { checkPredictionLength } from "@chronos-deno/chronos-deno/data";
 * import assert from "node:assert/strict";
 *
 * assert.equal(checkPredictionLength(24), 24);
 * assert.throws(() => checkPredictionLength(0), RangeError);
 * ```
 */
export function checkPredictionLength(predictionLength: number): number {
  if (!Number.isInteger(predictionLength) || predictionLength <= 0) {
    throw new RangeError(`Prediction length must be a positive integer: got ${predictionLength}`);
  }
  return predictionLength;
}
