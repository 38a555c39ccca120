/**
 * Turns parsed timestamps into a strictly regular timeline: duplicates, order,
 * irregular steps and gaps are found and named; gaps can be filled on request.
 *
 * @module
 */

import type { DataProblem } from "../errors.ts";
import { formatDuration } from "./frequency.ts";
import { formatTimestamp } from "./timestamp.ts";

/** Options of {@linkcode buildTimeline}. */
export interface TimelineOptions {
  /** Expected step in milliseconds. @default the most common step between rows */
  frequencyMs?: number;
  /** Insert the missing steps (their source row is -1) instead of reporting gaps. @default false */
  fillGaps?: boolean;
  /** Sort rows by time first instead of reporting rows that go back in time. @default false */
  sort?: boolean;
  /** Zone of the timestamps shown in messages, minutes east of UTC. @default 0 */
  offsetMinutes?: number;
  /** Largest number of rows a filled timeline may have. @default 50_000_000 */
  maxRows?: number;
}

/** A strictly regular timeline and where each of its rows comes from. */
export interface Timeline {
  /** Epoch ms of every step. */
  timestamps: Float64Array;
  /** The step in milliseconds. */
  frequencyMs: number;
  /** For each step, the 0-based source row, or -1 for a filled gap. */
  sourceRow: Int32Array;
}

/** Where the problems found go (see `ProblemList`). */
export interface ProblemSink {
  /** Records one problem. */
  add(problem: DataProblem): void;
}

/**
 * Checks that `timestamps` (one per source row, in file order) form a strictly regular
 * series and returns it. Each problem names rows (1-based data rows; line = row + 1) and
 * timestamps. Returns `undefined` when there were problems.
 *
 * @param timestamps epoch ms per source row
 * @param options expected frequency, gap filling, sorting
 * @param problems where problems are added
 * @returns the timeline, or `undefined` when a problem was found
 * @example Usage
 * ```ts
 * import { buildTimeline } from "@chronos-deno/chronos-deno/data";
 * import assert from "node:assert/strict";
 * const found: unknown[] = [];
 * const t = buildTimeline(new Float64Array([0, 60000, 180000]), { fillGaps: true, frequencyMs: 60000 }, { add: (p) => found.push(p) });
 * assert.deepEqual(Array.from(t!.sourceRow), [0, 1, -1, 2]);
 * ```
 */
export function buildTimeline(
  timestamps: Float64Array,
  options: TimelineOptions,
  problems: ProblemSink,
): Timeline | undefined {
  const off = options.offsetMinutes ?? 0;
  const fmt = (t: number) => formatTimestamp(t, off);
  const line = (i: number) => `row ${i + 1} (line ${i + 2})`;
  const n = timestamps.length;
  if (n === 0) {
    problems.add({ kind: "empty", message: "The file has a header but no data rows" });
    return undefined;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  if (options.sort) order.sort((a, b) => timestamps[a]! - timestamps[b]! || a - b);

  let ok = true;
  const seen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const t = timestamps[i]!;
    const first = seen.get(t);
    if (first === undefined) seen.set(t, i);
    else {
      ok = false;
      problems.add({
        kind: "duplicate-timestamp",
        row: i + 1,
        message: `${cap(line(i))} repeats the timestamp ${fmt(t)} of ${line(first)}`,
      });
    }
  }
  if (!options.sort) {
    for (let i = 1; i < n; i++) {
      const d = timestamps[i]! - timestamps[i - 1]!;
      if (d < 0) {
        ok = false;
        problems.add({
          kind: "other",
          row: i + 1,
          message: `${cap(line(i))} goes back in time: ${fmt(timestamps[i]!)} comes after ${
            fmt(timestamps[i - 1]!)
          }; sort the file by time or pass sort: true`,
        });
      }
    }
  }
  if (!ok) return undefined;
  if (order.length < 2 && options.frequencyMs === undefined) {
    problems.add({
      kind: "too-short",
      message: "Cannot infer the frequency from one row: give the frequency explicitly",
    });
    return undefined;
  }

  const freq = options.frequencyMs ?? modeStep(timestamps, order);
  const hint = options.frequencyMs === undefined
    ? ` (inferred frequency ${formatDuration(freq)}; set frequency to choose another)`
    : "";
  for (let k = 1; k < order.length; k++) {
    const a = order[k - 1]!;
    const b = order[k]!;
    const d = timestamps[b]! - timestamps[a]!;
    if (d % freq !== 0) {
      ok = false;
      problems.add({
        kind: "irregular-frequency",
        row: b + 1,
        message: `${cap(line(b))} at ${fmt(timestamps[b]!)} is ${formatDuration(d)} after ${
          line(a)
        }: not a multiple of ${formatDuration(freq)}${hint}`,
      });
    } else if (d > freq && !options.fillGaps) {
      ok = false;
      problems.add({
        kind: "gap",
        row: b + 1,
        message: `${d / freq - 1} missing ${formatDuration(freq)} step(s) between ${line(a)} (${
          fmt(timestamps[a]!)
        }) and ${line(b)} (${fmt(timestamps[b]!)}); pass fillGaps to fill them with NaN`,
      });
    }
  }
  if (!ok) return undefined;

  const t0 = timestamps[order[0]!]!;
  const length = (timestamps[order[order.length - 1]!]! - t0) / freq + 1;
  const maxRows = options.maxRows ?? 50_000_000;
  if (length > maxRows) {
    problems.add({
      kind: "gap",
      message:
        `Filling the gaps would make ${length} rows (more than ${maxRows}): check the frequency`,
    });
    return undefined;
  }
  const out = new Float64Array(length);
  const sourceRow = new Int32Array(length).fill(-1);
  for (let k = 0; k < length; k++) out[k] = t0 + k * freq;
  for (const i of order) sourceRow[(timestamps[i]! - t0) / freq] = i;
  return { timestamps: out, frequencyMs: freq, sourceRow };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function modeStep(timestamps: Float64Array, order: number[]): number {
  const counts = new Map<number, number>();
  for (let k = 1; k < order.length; k++) {
    const d = timestamps[order[k]!]! - timestamps[order[k - 1]!]!;
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = -1;
  for (const [d, c] of counts) {
    if (c > bestCount || (c === bestCount && d < best)) {
      best = d;
      bestCount = c;
    }
  }
  return best;
}
