/**
 * Chronological train/validation/test split by row index.
 *
 * @module
 */

import type { Splits } from "./types.ts";

export type { SplitRange, Splits } from "./types.ts";

/** Fractions of rows for the first two splits; the test split gets the rest. */
export interface SplitFractions {
  /** Share of rows for training. @default 0.7 */
  train: number;
  /** Share of rows for validation. @default 0.15 */
  val: number;
}

/**
 * Splits `n` rows chronologically: the first `train` share, then `val`, then the rest.
 * Boundaries are `floor(n·share)` (with a tiny tolerance so that 0.7·35040 gives 24528).
 *
 * @param n number of rows
 * @param fractions shares of train and validation rows
 * @returns the three ranges (end exclusive), none of them empty
 * @throws {RangeError} when `n` is not a whole number or a split would be empty
 * @example Usage
 * ```ts
 * import { chronologicalSplits } from "@chronos-deno/chronos-deno/data";
 * import assert from "node:assert/strict";
 * const s = chronologicalSplits(35040);
 * assert.deepEqual(s.test, { start: 29784, end: 35040 });
 * ```
 */
export function chronologicalSplits(
  n: number,
  fractions: SplitFractions = { train: 0.7, val: 0.15 },
): Splits {
  const { train, val } = fractions;
  if (!Number.isInteger(n) || n < 3) {
    throw new RangeError(`Cannot split ${n} rows: need a whole number of at least 3 rows`);
  }
  if (!(train > 0 && val >= 0 && train + val < 1)) {
    throw new RangeError(
      `Cannot split with train ${train} and val ${val}: need train > 0, val >= 0 and train + val < 1`,
    );
  }
  const trainEnd = Math.floor(n * train + 1e-9);
  const valEnd = Math.floor(n * (train + val) + 1e-9);
  if (trainEnd < 1 || valEnd - trainEnd < (val > 0 ? 1 : 0) || n - valEnd < 1) {
    throw new RangeError(
      `Cannot split ${n} rows with train ${train} and val ${val}: a split would be empty`,
    );
  }
  return {
    train: { start: 0, end: trainEnd },
    val: { start: trainEnd, end: valEnd },
    test: { start: valEnd, end: n },
  };
}
