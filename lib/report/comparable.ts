/**
 * Which results files can be compared: the differences that make metrics
 * incomparable (split, horizon, origins, timestamps, actuals), and the choice
 * of the files evaluated like the newest one when a folder holds several
 * evaluations.
 *
 * @module
 */

import type { LoadedResults } from "../results/read.ts";

/**
 * Lists what differs between results files in a way that makes their metrics
 * incomparable: split, prediction length, origins, timestamps or actuals
 * (each file against the first).
 *
 * @param files the loaded files (at least one)
 * @returns one line per difference; empty when they can be compared
 * @example Usage
 * ```ts
 * import { checkComparable } from "@chronos-deno/chronos-deno/report";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(checkComparable([]), []);
 * ```
 */
export function checkComparable(files: readonly LoadedResults[]): string[] {
  const [first, ...rest] = files;
  if (!first) return [];
  const a = first.results;
  const out: string[] = [];
  for (const f of rest) {
    const b = f.results;
    const pair = (x: unknown, y: unknown) =>
      `${JSON.stringify(x)} in ${first.label}, ${JSON.stringify(y)} in ${f.label}`;
    if (a.config.split !== b.config.split) {
      out.push(`split: ${pair(a.config.split, b.config.split)}`);
    }
    if (a.config.predictionLength !== b.config.predictionLength) {
      out.push(
        `prediction length: ${pair(a.config.predictionLength, b.config.predictionLength)}`,
      );
    }
    if (a.origins.length !== b.origins.length) {
      out.push(`number of origins: ${pair(a.origins.length, b.origins.length)}`);
      continue;
    }
    const i = a.origins.findIndex((o, k) => o !== b.origins[k]);
    if (i >= 0) {
      out.push(`origins: window ${i + 1} starts at row ${pair(a.origins[i], b.origins[i])}`);
      continue;
    }
    const t = a.timestamps.findIndex((s, k) => Date.parse(s) !== Date.parse(b.timestamps[k]!));
    if (t >= 0) {
      out.push(
        `timestamps: window ${t + 1} (row ${a.origins[t]}) is at ${
          pair(a.timestamps[t], b.timestamps[t])
        } (different data?)`,
      );
      continue;
    }
    if (a.config.predictionLength !== b.config.predictionLength) continue;
    const d = firstDifference(a.actuals, b.actuals);
    if (d) {
      const [w, s] = d;
      out.push(
        `actual values: window ${w + 1} (row ${a.origins[w]}), step ${s + 1} is ${
          pair(a.actuals[w]![s], b.actuals[w]![s])
        } (different data files?)`,
      );
    }
  }
  return out;
}

/** A results file left out of a comparison, with what sets it apart. */
export interface LeftOutResults {
  /** The file. */
  file: LoadedResults;
  /** What differs from the newest file, one line each (as {@linkcode checkComparable} says). */
  differences: string[];
}

/** The files evaluated like the newest one, and the others. */
export interface ComparableSelection {
  /** The newest file (latest `createdAt`; the last in order on a tie). */
  newest: LoadedResults;
  /** Every file evaluated like the newest one (itself included), in the given order. */
  chosen: LoadedResults[];
  /** The other files, in the given order. */
  leftOut: LeftOutResults[];
}

/**
 * Groups results files by evaluation setup (split, horizon, origins, and the actual values
 * behind them, as {@linkcode checkComparable} compares them) and keeps the group that holds
 * the newest file: what a default comparison over a folder of several evaluations shows.
 *
 * @param files the loaded files (at least one)
 * @returns the newest file's group and the files left out, with what differs
 * @throws {RangeError} when `files` is empty
 * @example Usage
 * ```ts
 * import { selectNewestComparable } from "@chronos-deno/chronos-deno/report";
 * import { throws } from "node:assert/strict";
 * throws(() => selectNewestComparable([]), RangeError);
 * ```
 */
export function selectNewestComparable(files: readonly LoadedResults[]): ComparableSelection {
  if (files.length === 0) {
    throw new RangeError("Cannot choose results to compare: no results files were given");
  }
  const time = (f: LoadedResults) => Date.parse(f.results.createdAt);
  const newest = files.reduce((a, b) => (time(b) >= time(a) || Number.isNaN(time(a)) ? b : a));
  const chosen: LoadedResults[] = [];
  const leftOut: LeftOutResults[] = [];
  for (const file of files) {
    const differences = file === newest ? [] : checkComparable([newest, file]);
    if (differences.length === 0) chosen.push(file);
    else leftOut.push({ file, differences });
  }
  return { newest, chosen, leftOut };
}

function close(x: number, y: number): boolean {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  return Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(x), Math.abs(y));
}

/**
 * The first cell where two matrices differ beyond float32 rounding (relative 1e-6; NaN
 * matches NaN), or `undefined` when `b` agrees with every cell of `a`.
 *
 * @param a the reference rows
 * @param b the rows to check
 * @returns `[row, column]` of the first difference
 * @example Usage
 * ```ts
 * import { firstDifference } from "@chronos-deno/chronos-deno/report";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(firstDifference([[1, 2], [3, 4]], [[1, 2], [3, 5]]), [1, 1]);
 * ```
 */
export function firstDifference(
  a: readonly (readonly number[])[],
  b: readonly (readonly number[])[],
): [number, number] | undefined {
  for (let w = 0; w < a.length; w++) {
    const ra = a[w]!;
    const rb = b[w] ?? [];
    for (let s = 0; s < ra.length; s++) if (!close(ra[s]!, rb[s] ?? NaN)) return [w, s];
  }
  return undefined;
}
