/**
 * Forecast origins for a rolling-origin evaluation over one split.
 *
 * @module
 */

import type { SplitRange } from "../data/types.ts";

/** Options of {@linkcode rollingOrigins}. */
export interface RollingOriginOptions {
  /** Steps between consecutive origins. @default 1 */
  stride?: number;
  /** When > 0, keep this many origins spread evenly over the candidates (first and last included). @default 0 (all) */
  maxPredictions?: number;
  /** The earliest allowed origin (rows of history needed before it). @default 0 */
  minHistory?: number;
}

/**
 * Lists the origins o (row index of the first forecast step) with o..o+H−1 inside the split
 * (H the prediction length):
 * `start, start + stride, …`. With `maxPredictions` > 0 and more candidates than that, picks
 * candidates at evenly spaced positions `round(k·(K−1)/(M−1))`, so that they span the whole
 * split instead of bunching at its start.
 *
 * @param split the rows to forecast (end exclusive)
 * @param predictionLength steps forecast from each origin, H
 * @param options stride, cap on the number of origins, minimum history
 * @returns the origins, increasing
 * @throws {RangeError} on a prediction length, stride or cap that is not a whole number in
 *   range (one message for each, here only), or a split too short for one window
 * @example Usage
 * ```ts
 * import { rollingOrigins } from "@chronos-deno/chronos-deno/evaluate";
 * import assert from "node:assert/strict";
 * assert.deepEqual(rollingOrigins({ start: 10, end: 15 }, 2), [10, 11, 12, 13]);
 * assert.deepEqual(rollingOrigins({ start: 0, end: 100 }, 1, { maxPredictions: 3 }), [0, 50, 99]);
 * ```
 */
export function rollingOrigins(
  split: SplitRange,
  predictionLength: number,
  options: RollingOriginOptions = {},
): number[] {
  const stride = options.stride ?? 1;
  const max = options.maxPredictions ?? 0;
  const minHistory = options.minHistory ?? 0;
  const checks = [
    ["prediction length", predictionLength, 1],
    ["stride", stride, 1],
    ["max predictions", max, 0],
    ["min history", minHistory, 0],
  ] as const;
  for (const [name, v, min] of checks) checkWhole(name, v, min);
  const first = Math.max(split.start, minHistory);
  const last = split.end - predictionLength;
  if (last < first) {
    throw new RangeError(
      `Cannot place a ${predictionLength}-step window in rows ${split.start}..${split.end - 1}` +
        (minHistory > split.start ? ` with ${minHistory} rows of history` : "") +
        ": use a shorter prediction length or a larger split",
    );
  }
  const all: number[] = [];
  for (let o = first; o <= last; o += stride) all.push(o);
  if (max === 0 || all.length <= max) return all;
  if (max === 1) return [all[Math.floor((all.length - 1) / 2)]!];
  const picked: number[] = [];
  for (let k = 0; k < max; k++) picked.push(all[Math.round((k * (all.length - 1)) / (max - 1))]!);
  return picked;
}

/**
 * Checks a count option, with the one message every evaluation gives for it.
 *
 * @param name the option in words, e.g. `"prediction length"`
 * @param value its value
 * @param min the smallest allowed value
 * @throws {RangeError} when the value is not a whole number of at least `min`
 * @example Usage
 * ```ts
 * import { checkWhole } from "@chronos-deno/chronos-deno/evaluate";
 * import { throws } from "node:assert/strict";
 * throws(() => checkWhole("prediction length", 0, 1), /at least 1: got 0/);
 * ```
 */
export function checkWhole(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`The ${name} must be a whole number of at least ${min}: got ${value}`);
  }
}
