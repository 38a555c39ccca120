/**
 * Private helpers of the zero-shot flow: quantile level checks and the
 * results arrays ([origins][horizon], [origins][quantiles][horizon]).
 *
 * @module
 */

import type { ModelResult } from "../results/schema.ts";
import type { WindowForecasts } from "./forecast_windows.ts";

/** Throws on levels outside (0, 1); warns about levels outside the model's range. */
export function checkLevels(
  levels: readonly number[],
  modelLevels: readonly number[],
  onWarning?: (message: string) => void,
): void {
  for (const q of levels) {
    if (!(q > 0 && q < 1)) {
      throw new RangeError(`Cannot use quantile level ${q}: use levels strictly between 0 and 1`);
    }
  }
  const lo = Math.min(...modelLevels);
  const hi = Math.max(...modelLevels);
  const outside = levels.filter((q) => q < lo || q > hi);
  if (outside.length > 0) {
    onWarning?.(
      `Quantile level(s) ${outside.join(", ")} lie outside the model's range [${lo}, ${hi}]: ` +
        `they take the nearest model level`,
    );
  }
}

/** The actuals of each origin, flattened [origins·H]. */
export function actualsOf(
  target: Float64Array,
  origins: readonly number[],
  H: number,
): Float64Array {
  const out = new Float64Array(origins.length * H);
  origins.forEach((o, i) => out.set(target.subarray(o, o + H), i * H));
  return out;
}

/** [n·H] flat → [n][H]. */
export function rowsOf(flat: ArrayLike<number>, n: number, H: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: H }, (_, h) => flat[i * H + h]!));
}

/** The Chronos-2 entry of the results' models. */
export function chronosResult(
  f: WindowForecasts,
  n: number,
  H: number,
  levels: readonly number[],
  metrics: ModelResult["metrics"],
): ModelResult {
  const Q = levels.length;
  return {
    name: "chronos-2 zero-shot",
    kind: "zero-shot",
    metrics,
    timing: { seconds: f.seconds, windowsPerSecond: f.windowsPerSecond },
    point: rowsOf(f.point, n, H),
    quantiles: Array.from(
      { length: n },
      (_, i) =>
        Array.from(
          { length: Q },
          (_, j) => Array.from({ length: H }, (_, h) => f.quantiles[(i * H + h) * Q + j]!),
        ),
    ),
  };
}
