/**
 * The scale of the mean absolute scaled error (MASE): the in-sample MAE of the
 * seasonal naive forecast on the training part.
 *
 * @module
 */

/**
 * Mean of `|y_t − y_{t−period}|` over the training part, skipping pairs with a NaN.
 *
 * @param train the training values
 * @param period the seasonal period m (1 = persistence, 96 = one day of 15-minute steps)
 * @returns the scale (0 for a series that repeats exactly)
 * @throws {RangeError} when `period` is not a positive whole number or no pair is available
 * @example Usage
 * ```ts
 * import { seasonalScale } from "@chronos-deno/chronos-deno/metrics";
 * import assert from "node:assert/strict";
 * // |3−1| + |2−3| + |5−2| + |4−5| = 7 over 4 pairs
 * assert.equal(seasonalScale([1, 3, 2, 5, 4], 1), 1.75);
 * ```
 */
export function seasonalScale(train: ArrayLike<number>, period: number): number {
  if (!Number.isInteger(period) || period < 1) {
    throw new RangeError(
      `Cannot use the seasonal period ${period}: it must be a whole number >= 1`,
    );
  }
  let sum = 0;
  let n = 0;
  for (let t = period; t < train.length; t++) {
    const d = Math.abs(train[t]! - train[t - period]!);
    if (Number.isNaN(d)) continue;
    sum += d;
    n++;
  }
  if (n === 0) {
    throw new RangeError(
      `Cannot compute a seasonal scale with period ${period} from ${train.length} training values: ` +
        "need more values than the period",
    );
  }
  return sum / n;
}
