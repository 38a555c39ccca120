/**
 * Quantile forecasts for a point model from its validation residuals: XGBoost
 * 1.6 has no quantile objective (`reg:quantileerror` came in 2.0), so each
 * level's offset is the empirical quantile of the validation residuals
 * y − ŷ at that horizon step, added to the point forecast.
 *
 * @module
 */

/**
 * The empirical quantile of sorted finite values with linear interpolation
 * between order statistics (Hyndman–Fan type 7, numpy's default).
 *
 * @param sorted ascending values
 * @param level the level in [0, 1]
 * @returns the quantile, NaN for no values
 * @example Usage
 * ```ts
 * import { empiricalQuantile } from "@chronos-deno/chronos-deno/gbdt";
 * import { equal } from "node:assert/strict";
 * equal(empiricalQuantile([1, 2, 3, 4], 0.5), 2.5);
 * ```
 */
export function empiricalQuantile(sorted: ArrayLike<number>, level: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = level * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Residual quantile offsets per horizon step: for rows laid out origin-major
 * then step (as the feature matrix), the `levels` quantiles of y − ŷ of each
 * step over the rows where both are finite.
 *
 * @param actual y per row
 * @param predicted ŷ per row
 * @param horizon steps per origin
 * @param levels quantile levels in (0, 1)
 * @returns offsets [horizon][levels]
 * @throws {RangeError} when the lengths differ or are not a multiple of the horizon, or a step has no residual
 * @example Usage
 * ```ts
 * import { residualQuantiles } from "@chronos-deno/chronos-deno/gbdt";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(residualQuantiles([1, 2, 3], [0, 0, 0], 1, [0.5]), [[2]]);
 * ```
 */
export function residualQuantiles(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  horizon: number,
  levels: readonly number[],
): number[][] {
  const n = actual.length;
  if (predicted.length !== n || n % horizon !== 0) {
    throw new RangeError(
      `Cannot take residual quantiles of ${n} actuals and ${predicted.length} predictions ` +
        `at horizon ${horizon}: give one prediction per actual, origins × horizon rows`,
    );
  }
  return Array.from({ length: horizon }, (_, h) => {
    const r: number[] = [];
    for (let i = h; i < n; i += horizon) {
      const e = actual[i]! - predicted[i]!;
      if (Number.isFinite(e)) r.push(e);
    }
    if (r.length === 0) {
      throw new RangeError(
        `Cannot take residual quantiles at step ${h + 1}: no finite residual; ` +
          `use a longer validation split`,
      );
    }
    const sorted = Float64Array.from(r).sort();
    return levels.map((q) => empiricalQuantile(sorted, q));
  });
}
