/**
 * Scales and ticks for charts: a linear map from data to pixels, "nice"
 * round tick values, and day/hour ticks on a time axis in a fixed UTC offset.
 *
 * @module
 */

/** A linear map from a data interval to a pixel interval. */
export interface LinearScale {
  /** Data interval [min, max]. */
  readonly domain: readonly [number, number];
  /** Pixel interval [start, end] (end may be smaller, e.g. for a y axis). */
  readonly range: readonly [number, number];
  /** Maps a data value to pixels (values outside the domain extrapolate). */
  map(value: number): number;
}

/**
 * A linear scale. A zero-width domain is widened by one unit either side so
 * a constant series still draws.
 *
 * @param domain data interval [min, max]
 * @param range pixel interval
 * @returns the scale
 * @example Usage
 * ```ts
 * import { linearScale } from "@chronos-deno/chronos-deno/report";
 * import { equal } from "node:assert/strict";
 * equal(linearScale([0, 10], [100, 0]).map(2.5), 75);
 * ```
 */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): LinearScale {
  let [d0, d1] = domain;
  if (d0 === d1) [d0, d1] = [d0 - 1, d1 + 1];
  const [r0, r1] = range;
  const k = (r1 - r0) / (d1 - d0);
  return { domain: [d0, d1], range: [r0, r1], map: (v) => r0 + (v - d0) * k };
}

/**
 * Round tick values (steps of 1, 2 or 5 × 10^k) covering [min, max], about
 * `count` of them.
 *
 * @param min lower end
 * @param max upper end
 * @param count about how many ticks
 * @returns ascending tick values, all inside [min, max]
 * @default count 5
 * @example Usage
 * ```ts
 * import { niceTicks } from "@chronos-deno/chronos-deno/report";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(niceTicks(0, 97, 5), [0, 20, 40, 60, 80]);
 * ```
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const step = niceStep((max - min) / Math.max(1, count));
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const out: number[] = [];
  for (let i = first; i <= last; i++) out.push(roundTo(i * step, step));
  return out;
}

/**
 * Widens [min, max] outwards to round values of the tick step, so the axis
 * starts and ends on a tick.
 *
 * @param min lower end
 * @param max upper end
 * @param count about how many ticks
 * @returns the widened interval
 * @default count 5
 * @example Usage
 * ```ts
 * import { niceDomain } from "@chronos-deno/chronos-deno/report";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(niceDomain(3, 97, 5), [0, 100]);
 * ```
 */
export function niceDomain(min: number, max: number, count = 5): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === max) return min === 0 ? [0, 1] : [Math.min(0, min), Math.max(0, max)];
  const step = niceStep((max - min) / Math.max(1, count));
  return [
    roundTo(Math.floor(min / step + 1e-9) * step, step),
    roundTo(Math.ceil(max / step - 1e-9) * step, step),
  ];
}

/**
 * Writes a tick value with as many decimals as the tick step needs.
 *
 * @param value the tick value
 * @param step the distance between ticks
 * @returns the label
 * @example Usage
 * ```ts
 * import { formatTick } from "@chronos-deno/chronos-deno/report";
 * import { equal } from "node:assert/strict";
 * equal(formatTick(0.30000000000000004, 0.1), "0.3");
 * equal(formatTick(2500, 500), "2,500");
 * ```
 */
export function formatTick(value: number, step: number): string {
  const decimals = step > 0 ? Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9))) : 2;
  return value.toLocaleString("en-US", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Ticks on a time axis, aligned to whole hours or local midnights in a fixed
 * UTC offset, about `count` of them.
 *
 * @param start first instant (epoch ms)
 * @param end last instant (epoch ms)
 * @param offsetMinutes the zone's offset from UTC in minutes (+540 for +09:00)
 * @param count about how many ticks
 * @returns tick instants (epoch ms) and whether they fall on whole days
 * @default count 8
 * @example Usage
 * ```ts
 * import { timeTicks } from "@chronos-deno/chronos-deno/report";
 * import { equal } from "node:assert/strict";
 * const start = Date.parse("2018-11-01T00:00:00+09:00");
 * const t = timeTicks(start, start + 7 * 86_400_000, 540, 8);
 * equal(t.ticks.length, 8);
 * equal(t.daily, true);
 * ```
 */
export function timeTicks(
  start: number,
  end: number,
  offsetMinutes: number,
  count = 8,
): { ticks: number[]; daily: boolean } {
  const span = Math.max(0, end - start);
  const steps = [0.25, 0.5, 1, 2, 3, 6, 12].map((h) => h * HOUR)
    .concat([1, 2, 7, 14, 28].map((d) => d * DAY));
  const step = steps.find((s) => span / s <= count) ?? steps[steps.length - 1]!;
  const shift = offsetMinutes * 60_000;
  const first = Math.ceil((start + shift) / step) * step - shift;
  const ticks: number[] = [];
  for (let t = first; t <= end; t += step) ticks.push(t);
  return { ticks, daily: step >= DAY };
}

/**
 * Writes an instant in a fixed UTC offset: `Thu 01 Nov` for daily ticks,
 * `06:00` for hourly ones.
 *
 * @param ms the instant (epoch ms)
 * @param offsetMinutes the zone's offset from UTC
 * @param daily whether to write the day rather than the time
 * @returns the label
 * @example Usage
 * ```ts
 * import { formatTimeTick } from "@chronos-deno/chronos-deno/report";
 * import { equal } from "node:assert/strict";
 * equal(formatTimeTick(Date.parse("2018-11-01T00:00:00+09:00"), 540, true), "Thu 01 Nov");
 * ```
 */
export function formatTimeTick(ms: number, offsetMinutes: number, daily: boolean): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const two = (n: number) => String(n).padStart(2, "0");
  if (!daily) return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getUTCDay()];
  const month =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][
      d.getUTCMonth()
    ];
  return `${day} ${two(d.getUTCDate())} ${month}`;
}

function niceStep(raw: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / p;
  // Round to the step of 1, 2, 5 or 10 whose tick count is closest to the one asked for.
  return (f < Math.SQRT2 ? 1 : f < Math.sqrt(10) ? 2 : f < Math.sqrt(50) ? 5 : 10) * p;
}

function roundTo(v: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(v.toFixed(Math.min(12, decimals)));
}
