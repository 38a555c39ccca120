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
 * Lists the origins o (row index of the first forecast step) with o..o+H−1 inside the split:
 * `start, start + stride, …`. With `maxPredictions` > 0 and more candidates than that, picks
 * candidates at evenly spaced positions `round(k·(K−1)/(M−1))`, so that they span the whole
 * split instead of bunching at its start.
 *
 * @param split the rows to forecast (end exclusive)
 * @param horizon forecast length H
 * @param options stride, cap on the number of origins, minimum history
 * @returns the origins, increasing
 * @throws {RangeError} on a bad horizon, stride or cap, or a split too short for one window
 * @example Usage
 * ```ts
 * import { rollingOrigins } from "./rolling_origins.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(rollingOrigins({ start: 10, end: 15 }, 2), [10, 11, 12, 13]);
 * assert.deepEqual(rollingOrigins({ start: 0, end: 100 }, 1, { maxPredictions: 3 }), [0, 50, 99]);
 * ```
 */
export function rollingOrigins(
  split: SplitRange,
  horizon: number,
  options: RollingOriginOptions = {},
): number[] {
  const stride = options.stride ?? 1;
  const max = options.maxPredictions ?? 0;
  const minHistory = options.minHistory ?? 0;
  for (
    const [name, v, min] of [["horizon", horizon, 1], ["stride", stride, 1], [
      "maxPredictions",
      max,
      0,
    ], [
      "minHistory",
      minHistory,
      0,
    ]] as const
  ) {
    if (!Number.isInteger(v) || v < min) {
      throw new RangeError(`Cannot use ${name} ${v}: it must be a whole number >= ${min}`);
    }
  }
  const first = Math.max(split.start, minHistory);
  const last = split.end - horizon;
  if (last < first) {
    throw new RangeError(
      `Cannot place a ${horizon}-step window in rows ${split.start}..${split.end - 1}` +
        (minHistory > split.start ? ` with ${minHistory} rows of history` : "") +
        ": use a shorter horizon or a larger split",
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
