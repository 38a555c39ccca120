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
 * import { parseFrequency } from "./frequency.ts";
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
 * import { formatDuration } from "./frequency.ts";
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
