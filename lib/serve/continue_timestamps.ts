/**
 * Forecast timestamps: a series' ISO 8601 timestamps, checked to be strictly
 * regular, continued by the same step for the horizon, written in the zone of
 * the last given timestamp.
 *
 * @module
 */

import { createTimestampParser, formatTimestamp, parseUtcOffset } from "../data/timestamp.ts";
import type { FieldProblem } from "./problem.ts";

const parseIso = createTimestampParser("iso", 0);

function zoneOf(text: string): number {
  const m = /(Z|z|[+-]\d{2}:?\d{2})$/.exec(text.trim());
  return m ? parseUtcOffset(m[1]!) : 0;
}

/**
 * Continues regular timestamps by `steps` steps.
 *
 * @param timestamps the series' timestamps (ISO 8601; without a zone they are UTC)
 * @param steps how many to add
 * @param pointer the field's JSON pointer, for problems
 * @returns the next timestamps, or the problem with the field
 * @example Usage
 * ```ts
 * import { continueTimestamps } from "@chronos-deno/chronos-deno/serve";
 * import assert from "node:assert/strict";
 * const next = continueTimestamps(["2024-01-01T00:00:00+01:00", "2024-01-01T00:15:00+01:00"], 2,
 *   "/inputs/0/timestamps");
 * assert.deepEqual(next, ["2024-01-01T00:30:00+01:00", "2024-01-01T00:45:00+01:00"]);
 * ```
 */
export function continueTimestamps(
  timestamps: readonly string[],
  steps: number,
  pointer: string,
): string[] | FieldProblem {
  if (timestamps.length < 2) {
    return { pointer, detail: "Needs at least 2 timestamps to know the step" };
  }
  const ms: number[] = [];
  for (let i = 0; i < timestamps.length; i++) {
    const t = parseIso(timestamps[i]!);
    if (t === undefined) {
      return {
        pointer: `${pointer}/${i}`,
        detail: `Cannot read "${
          timestamps[i]!.slice(0, 64)
        }": write ISO 8601 such as 2024-01-01T00:15:00Z`,
      };
    }
    ms.push(t);
  }
  const step = ms[1]! - ms[0]!;
  if (!(step > 0)) return { pointer: `${pointer}/1`, detail: "Timestamps must increase" };
  for (let i = 2; i < ms.length; i++) {
    if (ms[i]! - ms[i - 1]! !== step) {
      return {
        pointer: `${pointer}/${i}`,
        detail: `Irregular step: ${(ms[i]! - ms[i - 1]!) / 1000} s after ${step / 1000} s before`,
      };
    }
  }
  const zone = zoneOf(timestamps[timestamps.length - 1]!);
  const last = ms[ms.length - 1]!;
  return Array.from({ length: steps }, (_, k) => formatTimestamp(last + (k + 1) * step, zone));
}

/**
 * The times of a series' rows and of its forecast steps, as epoch milliseconds,
 * with the zone of its last timestamp (what calendar features need).
 *
 * @param history the series' timestamps (ISO 8601)
 * @param next the forecast steps' timestamps ({@linkcode continueTimestamps})
 * @returns the times and the zone in minutes east of UTC
 * @example Usage
 * ```ts
 * import { timelineOf } from "@chronos-deno/chronos-deno/serve";
 * import assert from "node:assert/strict";
 * const t = timelineOf(["2024-01-01T00:00:00+09:00"], ["2024-01-01T00:15:00+09:00"]);
 * assert.deepEqual(t, { ms: [Date.UTC(2023, 11, 31, 15), Date.UTC(2023, 11, 31, 15, 15)], utcOffsetMinutes: 540 });
 * ```
 */
export function timelineOf(
  history: readonly string[],
  next: readonly string[],
): { ms: number[]; utcOffsetMinutes: number } {
  const all = [...history, ...next];
  return {
    ms: all.map((t) => parseIso(t) ?? NaN),
    utcOffsetMinutes: all.length > 0 ? zoneOf(history[history.length - 1] ?? all[0]!) : 0,
  };
}
