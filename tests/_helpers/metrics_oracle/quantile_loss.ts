/**
 * Losses of quantile forecasts: the pinball (quantile) loss per level, the
 * weighted quantile loss and the coverage of a central interval (part of the
 * float64 test oracle).
 *
 * @module
 */

/** Quantile forecasts: `values` is N×Q row-major (row t holds the Q levels of step t). */
export interface QuantileForecast {
  /** Quantile levels in (0, 1), e.g. `[0.1, 0.5, 0.9]`. */
  levels: readonly number[];
  /** N×Q values, row-major. */
  values: ArrayLike<number>;
}

/** Sums from which the quantile metrics follow; steps whose actual is NaN are skipped. */
export interface QuantileSums {
  /** Σ_t ρ_q(y_t − ŷ_{t,q}) for each level q. */
  pinballSums: number[];
  /** Σ_t |y_t| over scored steps. */
  absActualSum: number;
  /** Scored steps. */
  n: number;
}

/**
 * The pinball loss ρ_q(u) = max(q·u, (q − 1)·u) of one residual u = actual − forecast.
 *
 * @param q the quantile level
 * @param u actual minus forecast
 * @returns the loss (≥ 0)
 * @example Usage
 * ```ts
 * import { pinball } from "./quantile_loss.ts";
 * import assert from "node:assert/strict";
 * assert.equal(pinball(0.5, -2), 1); // over-forecast by 2 at q = 0.5 costs 0.5·2
 * assert.equal(pinball(0.75, 4), 3); // under-forecast by 4 at q = 0.75 costs 0.75·4
 * ```
 */
export function pinball(q: number, u: number): number {
  return u >= 0 ? q * u : (q - 1) * u;
}

/**
 * Checks shapes and levels, and sums the pinball losses per level.
 *
 * @param actual N actuals (NaN skipped)
 * @param forecast the quantile forecasts
 * @returns the sums
 * @throws {TypeError} when `values` is not N×Q
 * @throws {RangeError} on a level outside (0, 1) or a NaN forecast where the actual is known
 * @example Usage
 * ```ts
 * import { quantileSums } from "./quantile_loss.ts";
 * import assert from "node:assert/strict";
 * const s = quantileSums([1, 3], { levels: [0.5], values: [2, 2] });
 * assert.deepEqual(s, { pinballSums: [1], absActualSum: 4, n: 2 });
 * ```
 */
export function quantileSums(actual: ArrayLike<number>, forecast: QuantileForecast): QuantileSums {
  const { levels, values } = forecast;
  const q = levels.length;
  const n = actual.length;
  if (q === 0) throw new TypeError("Cannot score quantile forecasts without quantile levels");
  for (const l of levels) {
    if (!(l > 0 && l < 1)) {
      throw new RangeError(`Cannot use the quantile level ${l}: it must be in (0, 1)`);
    }
  }
  if (values.length !== n * q) {
    throw new TypeError(
      `Cannot score quantile forecasts: expected ${n}×${q} = ${n * q} values, got ${values.length}`,
    );
  }
  const pinballSums = new Array<number>(q).fill(0);
  let absActualSum = 0;
  let scored = 0;
  for (let t = 0; t < n; t++) {
    const y = actual[t]!;
    if (Number.isNaN(y)) continue;
    scored++;
    absActualSum += Math.abs(y);
    for (let k = 0; k < q; k++) {
      const f = values[t * q + k]!;
      if (Number.isNaN(f)) {
        throw new RangeError(
          `Cannot score a NaN quantile forecast (step ${t}, level ${
            levels[k]
          }) where the actual is ${y}`,
        );
      }
      pinballSums[k]! += pinball(levels[k]!, y - f);
    }
  }
  return { pinballSums, absActualSum, n: scored };
}

/**
 * Weighted quantile loss: WQL = 2 · Σ_q Σ_t ρ_q(y_t − ŷ_{t,q}) / (Q · Σ_t |y_t|), i.e. the mean
 * over the Q levels of twice the summed pinball loss divided by the summed absolute actuals
 * (GluonTS' mean weighted quantile loss; 0 is perfect, a median-only forecast gives WAPE/100).
 *
 * @param sums the sums from {@linkcode quantileSums}
 * @returns the WQL (NaN when Σ|y| = 0)
 * @example Usage
 * ```ts
 * import { quantileSums, weightedQuantileLoss } from "./quantile_loss.ts";
 * import assert from "node:assert/strict";
 * // One level 0.5: 2·(0.5·1 + 0.5·1) / (1·4) = 0.5
 * assert.equal(weightedQuantileLoss(quantileSums([1, 3], { levels: [0.5], values: [2, 2] })), 0.5);
 * ```
 */
export function weightedQuantileLoss(sums: QuantileSums): number {
  if (sums.absActualSum === 0) return NaN;
  const total = sums.pinballSums.reduce((a, b) => a + b, 0);
  return (2 * total) / (sums.pinballSums.length * sums.absActualSum);
}

/**
 * Share of known actuals inside the central interval [ŷ_lo, ŷ_hi] (bounds included), where
 * lo and hi are two of the forecast's levels.
 *
 * @param actual N actuals (NaN skipped)
 * @param forecast the quantile forecasts
 * @param interval the two levels, e.g. `[0.1, 0.9]`
 * @returns a share in [0, 1]
 * @throws {RangeError} when a bound is not one of the forecast's levels or lo ≥ hi
 * @example Usage
 * ```ts
 * import { intervalCoverage } from "./quantile_loss.ts";
 * import assert from "node:assert/strict";
 * const f = { levels: [0.1, 0.9], values: [0, 2, 0, 2] };
 * assert.equal(intervalCoverage([1, 3], f, [0.1, 0.9]), 0.5);
 * ```
 */
export function intervalCoverage(
  actual: ArrayLike<number>,
  forecast: QuantileForecast,
  interval: readonly [number, number],
): number {
  const [lo, hi] = interval;
  const q = forecast.levels.length;
  const find = (l: number) => forecast.levels.findIndex((x) => Math.abs(x - l) < 1e-9);
  const a = find(lo);
  const b = find(hi);
  if (a < 0 || b < 0 || !(lo < hi)) {
    throw new RangeError(
      `Cannot compute the coverage of [${lo}, ${hi}]: both must be forecast levels (${
        forecast.levels.join(", ")
      }) and lo < hi`,
    );
  }
  let inside = 0;
  let n = 0;
  for (let t = 0; t < actual.length; t++) {
    const y = actual[t]!;
    if (Number.isNaN(y)) continue;
    n++;
    if (forecast.values[t * q + a]! <= y && y <= forecast.values[t * q + b]!) inside++;
  }
  return n === 0 ? NaN : inside / n;
}
