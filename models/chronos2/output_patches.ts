/**
 * The one place a prediction length becomes a number of output patches.
 *
 * @module
 */

import { checkPredictionLength } from "../../lib/data/prediction_length.ts";

/**
 * How many output patches cover `predictionLength` steps (the last one may be
 * partly beyond the horizon).
 *
 * @param predictionLength steps to forecast
 * @param patchSize steps per output patch (the config's `outputPatchSize`, 16 for released models)
 * @returns ceil(predictionLength / patchSize)
 * @throws {RangeError} when either is not a positive integer
 * @example Usage
 * ```ts
 * import { outputPatches } from "@chronos-deno/chronos-deno/chronos2";
 * import assert from "node:assert/strict";
 *
 * assert.equal(outputPatches(1, 16), 1);
 * assert.equal(outputPatches(17, 16), 2);
 * ```
 */
export function outputPatches(predictionLength: number, patchSize: number): number {
  checkPredictionLength(predictionLength);
  if (!Number.isInteger(patchSize) || patchSize <= 0) {
    throw new RangeError(`Patch size must be a positive integer: got ${patchSize}`);
  }
  return Math.ceil(predictionLength / patchSize);
}
