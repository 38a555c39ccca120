/**
 * Reading and writing sampling frequencies such as `"15min"` or `"1h"`.
 *
 * @module
 */

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Reads a frequency: a number of milliseconds, or a count and a unit (`ms`, `s`, `min`, `h`,
 * `d`, `w`), e.g. `"15min"`, `"1h"`, `"30 s"`.
 *
 * @param frequency the frequency
 * @returns milliseconds per step
 * @throws {RangeError} when it does not parse or is not a positive whole number of milliseconds
 * @example Usage
 * ```ts
 * import { parseFrequency } from "@chronos-deno/chronos-deno/data";
 * import assert from "node:assert/strict";
 * assert.equal(parseFrequency("15min"), 900000);
 * ```
 */
export function parseFrequency(frequency: string | number): number {
  let ms: number;
  if (typeof frequency === "number") {
    ms = frequency;
  } else {
    const m = /^\s*(\d+(?:\.\d+)?)?\s*([a-z]+)\s*$/i.exec(frequency);
    const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
    if (!m || unit === undefined) {
      throw new RangeError(
        `Cannot read the frequency "${frequency}": write it like "15min", "1h", "1d" or "30s"`,
      );
    }
    ms = Number(m[1] ?? 1) * unit;
  }
  if (!Number.isInteger(ms) || ms <= 0) {
    throw new RangeError(
      `Cannot use the frequency "${frequency}": it must be a positive whole number of milliseconds`,
    );
  }
  return ms;
}

/**
 * Writes a duration in the largest unit that divides it, e.g. `900000` → `"15 min"`.
 *
 * @param ms milliseconds
 * @returns a short human-readable duration
 * @example Usage
 * ```ts
 * import { formatDuration } from "@chronos-deno/chronos-deno/data";
 * import assert from "node:assert/strict";
 * assert.equal(formatDuration(900000), "15 min");
 * ```
 */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [["d", 86_400_000], ["h", 3_600_000], ["min", 60_000], ["s", 1000]]) {
    if (ms >= (size as number) && ms % (size as number) === 0) {
      return `${ms / (size as number)} ${unit}`;
    }
  }
  return `${ms} ms`;
}

/**
 * How many steps of a series fill a calendar period (a day, a week), when
 * that is a whole number: the seasonal period of a series at that frequency.
 *
 * @param periodMs the period in milliseconds (86400000 for a day)
 * @param frequencyMs the series' step in milliseconds
 * @returns the number of steps, or undefined when the step does not divide the period
 * @example Usage
 * ```ts
 * import { stepsPerPeriod } from "@chronos-deno/chronos-deno/data";
 * import assert from "node:assert/strict";
 * assert.equal(stepsPerPeriod(86_400_000, 900_000), 96); // a day of 15-minute steps
 * assert.equal(stepsPerPeriod(86_400_000, 7 * 60_000), undefined);
 * ```
 */
export function stepsPerPeriod(periodMs: number, frequencyMs: number): number | undefined {
  const n = periodMs / frequencyMs;
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

/** The seasonal periods of a dataset, in steps. */
export interface SeasonalPeriods {
  /** Main period (one day): MASE scale and the daily naive. */
  seasonalPeriod: number;
  /** Longer period (one week): the weekly naive. */
  weeklyPeriod: number;
}

/**
 * The seasonal periods of a series: those given (a dataset spec's), else one
 * day and one week of steps at the series' frequency.
 *
 * @param spec the periods given, if any (a dataset spec)
 * @param frequencyMs the loaded series' step in milliseconds
 * @returns the main and weekly periods in steps
 * @throws {RangeError} when a period is left to the frequency and a day is not a whole number of steps
 * @example Usage
 * ```ts
 * import { seasonalPeriods } from "@chronos-deno/chronos-deno/data";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(seasonalPeriods({}, 3_600_000), { seasonalPeriod: 24, weeklyPeriod: 168 });
 * deepEqual(seasonalPeriods({ seasonalPeriod: 96, weeklyPeriod: 672 }, 1), {
 *   seasonalPeriod: 96,
 *   weeklyPeriod: 672,
 * });
 * ```
 */
export function seasonalPeriods(
  spec: { readonly seasonalPeriod?: number; readonly weeklyPeriod?: number },
  frequencyMs: number,
): SeasonalPeriods {
  const steps = (days: number, name: string): number => {
    const n = stepsPerPeriod(days * 86_400_000, frequencyMs);
    if (n === undefined) {
      throw new RangeError(
        `Cannot derive the ${name} period from a step of ${frequencyMs} ms: ` +
          `set the dataset's ${name === "daily" ? "seasonalPeriod" : "weeklyPeriod"} in steps`,
      );
    }
    return n;
  };
  return {
    seasonalPeriod: spec.seasonalPeriod ?? steps(1, "daily"),
    weeklyPeriod: spec.weeklyPeriod ?? steps(7, "weekly"),
  };
}
