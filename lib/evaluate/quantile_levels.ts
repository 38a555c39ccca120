/**
 * Reading forecasts at the quantile levels a user asked for from a model's own
 * levels, the way Chronos-2's `predict_quantiles` does: a level the model has
 * is taken as is, others are interpolated linearly between the two nearest
 * model levels, and levels outside the model's range take the nearest end
 * (flat extrapolation).
 *
 * @module
 */

/** The levels `predict_quantiles` reports by default: 0.1, 0.2, …, 0.9. */
export const DEFAULT_QUANTILE_LEVELS: readonly number[] = [
  0.1,
  0.2,
  0.3,
  0.4,
  0.5,
  0.6,
  0.7,
  0.8,
  0.9,
];

/** For one requested level: the two model levels it lies between and the weight of the upper one. */
export interface LevelBlend {
  /** Index of the lower model level. */
  lo: number;
  /** Index of the upper model level (equal to `lo` for an exact or clamped level). */
  hi: number;
  /** Weight of the upper level, 0..1. */
  w: number;
}

/**
 * Plans how to read `requested` levels from a model's sorted `modelLevels`.
 *
 * @param modelLevels the model's quantile levels, strictly increasing
 * @param requested the levels wanted, each in (0, 1)
 * @param onWarning told once when a level lies outside the model's range
 * @returns one blend per requested level
 * @throws {RangeError} when a requested level is not strictly between 0 and 1,
 *   or the model levels are empty or not increasing
 * @example Usage
 * ```ts
 * import { planLevels } from "./quantile_levels.ts";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(planLevels([0.25, 0.5, 0.75], [0.5, 0.375]), [
 *   { lo: 1, hi: 1, w: 0 },
 *   { lo: 0, hi: 1, w: 0.5 },
 * ]);
 * ```
 */
export function planLevels(
  modelLevels: readonly number[],
  requested: readonly number[],
  onWarning?: (message: string) => void,
): LevelBlend[] {
  if (modelLevels.length === 0) {
    throw new RangeError("Cannot read quantiles: the model has no quantile levels");
  }
  for (let i = 1; i < modelLevels.length; i++) {
    if (!(modelLevels[i]! > modelLevels[i - 1]!)) {
      throw new RangeError(
        `Cannot read quantiles: the model's levels must increase: got ${modelLevels.join(", ")}`,
      );
    }
  }
  const first = modelLevels[0]!;
  const last = modelLevels[modelLevels.length - 1]!;
  const outside: number[] = [];
  const plan = requested.map((q): LevelBlend => {
    if (!(q > 0 && q < 1)) {
      throw new RangeError(`Cannot read quantile level ${q}: use levels strictly between 0 and 1`);
    }
    const exact = modelLevels.findIndex((m) => Math.abs(m - q) < 1e-9);
    if (exact >= 0) return { lo: exact, hi: exact, w: 0 };
    if (q < first) {
      outside.push(q);
      return { lo: 0, hi: 0, w: 0 };
    }
    if (q > last) {
      outside.push(q);
      const k = modelLevels.length - 1;
      return { lo: k, hi: k, w: 0 };
    }
    const hi = modelLevels.findIndex((m) => m > q);
    const lo = hi - 1;
    return { lo, hi, w: (q - modelLevels[lo]!) / (modelLevels[hi]! - modelLevels[lo]!) };
  });
  if (outside.length > 0) {
    onWarning?.(
      `Quantile level(s) ${outside.join(", ")} lie outside the model's range ` +
        `[${first}, ${last}]: they take the nearest model level`,
    );
  }
  return plan;
}

/**
 * Reads one value per planned level from one forecast step's model quantiles.
 *
 * @param values the model's quantile values of one step, at `stride` apart from `offset`
 * @param offset index of the first model level's value
 * @param stride distance between consecutive model levels' values
 * @param blend the plan of one requested level
 * @returns the value at that level
 * @example Usage
 * ```ts
 * import { blendLevel } from "./quantile_levels.ts";
 * import { equal } from "node:assert/strict";
 * equal(blendLevel([10, 20, 30], 0, 1, { lo: 0, hi: 1, w: 0.25 }), 12.5);
 * ```
 */
export function blendLevel(
  values: ArrayLike<number>,
  offset: number,
  stride: number,
  blend: LevelBlend,
): number {
  const a = values[offset + blend.lo * stride]!;
  if (blend.w === 0) return a;
  const b = values[offset + blend.hi * stride]!;
  return a + blend.w * (b - a);
}
