/**
 * The numbers behind the report's figures, computed from a comparison: the
 * forecast of each model over a week (one value per time step), the mean
 * absolute error by hour of day and by segment (the dataset's segment column,
 * e.g. a load type).
 *
 * Timestamps are end-labelled (a value stamped 09:00 covers 08:45–09:00), so
 * a step belongs to the hour its interval starts in, and a week starting on
 * day D holds the steps stamped after D 00:00 up to D+7 00:00, local time
 * (the zone the results' timestamps are written in).
 *
 * @module
 */

import type { ComparedModel, Comparison } from "./comparison.ts";

/**
 * The local time of a comparison: the UTC offset its timestamps are written
 * with (`+09:00` → 540, `Z` → 0).
 *
 * @param comparison the comparison
 * @returns minutes east of UTC (0 when the timestamps carry no offset)
 * @example Usage
 * ```ts
 * import { offsetMinutesOf } from "@chronos-deno/chronos-deno/report";
 * import type { Comparison } from "@chronos-deno/chronos-deno/report";
 * import { equal } from "node:assert/strict";
 * equal(offsetMinutesOf({ timestamps: ["2018-11-01T00:15:00+09:00"] } as unknown as Comparison), 540);
 * equal(offsetMinutesOf({ timestamps: ["2018-11-01T00:15:00-05:30"] } as unknown as Comparison), -330);
 * ```
 */
export function offsetMinutesOf(comparison: Pick<Comparison, "timestamps">): number {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(comparison.timestamps[0] ?? "");
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

const DAY = 86_400_000;

/** Options shared by the chart data functions. */
export interface ChartDataOptions {
  /**
   * UTC offset of local time, in minutes.
   * @default the offset the timestamps are written with ({@linkcode offsetMinutesOf})
   */
  offsetMinutes?: number;
}

/** A model's forecast over a time range, one value per time step. */
export interface ForecastSeries {
  /** Instants (epoch ms), ascending; a NaN row marks a gap between windows. */
  x: number[];
  /** Actual values. */
  actual: number[];
  /** Point forecast. */
  point: number[];
  /** Lower edge of the central interval (NaN without quantiles). */
  lower: number[];
  /** Upper edge of the central interval (NaN without quantiles). */
  upper: number[];
  /** The quantile levels used for the band, when the model has them. */
  bandLevels?: [number, number];
}

/**
 * Instant of step `h` of window `i`.
 *
 * @param comparison the comparison
 * @param i window index
 * @param h step index (0-based)
 * @returns epoch ms
 * @throws {RangeError} when h > 0 and the frequency is unknown
 * @example Usage
 * ```ts
 * import { stepTime } from "@chronos-deno/chronos-deno/report";
 * import type { Comparison } from "@chronos-deno/chronos-deno/report";
 * import { equal } from "node:assert/strict";
 * const c = { timestamps: ["2018-11-01T00:15:00+09:00"], frequencyMs: 900_000 } as unknown as Comparison;
 * equal(stepTime(c, 0, 1), Date.parse("2018-11-01T00:30:00+09:00"));
 * ```
 */
export function stepTime(comparison: Comparison, i: number, h: number): number {
  const t = Date.parse(comparison.timestamps[i]!);
  if (h === 0) return t;
  if (!comparison.frequencyMs) {
    throw new RangeError(
      "Cannot place forecast steps in time: the time between rows is unknown; " +
        'write "frequencyMs" into the results config',
    );
  }
  return t + h * comparison.frequencyMs;
}

/**
 * A model's forecast over (start, end], one value per time step: where
 * windows overlap the shortest-lead forecast is kept; gaps between windows
 * get a NaN row so lines break there.
 *
 * @param comparison the comparison
 * @param model the model
 * @param start range start (exclusive), epoch ms
 * @param end range end (inclusive), epoch ms
 * @returns the series
 * @example Usage
 * ```ts
 * import { forecastSeries } from "@chronos-deno/chronos-deno/report";
 * import type { Comparison, ComparedModel } from "@chronos-deno/chronos-deno/report";
 * import { deepEqual } from "node:assert/strict";
 * const c = { timestamps: ["2018-11-01T00:15:00+09:00"], actuals: [[5]], interval: [0.1, 0.9] } as unknown as Comparison;
 * const m = { result: { point: [[4]] }, quantileLevels: [] } as unknown as ComparedModel;
 * deepEqual(forecastSeries(c, m, 0, Infinity).point, [4]);
 * ```
 */
export function forecastSeries(
  comparison: Comparison,
  model: ComparedModel,
  start: number,
  end: number,
): ForecastSeries {
  const levels = bandLevelIndices(model.quantileLevels, comparison.interval);
  const q = model.result.quantiles;
  const best = new Map<number, { h: number; i: number }>();
  comparison.actuals.forEach((row, i) => {
    for (let h = 0; h < row.length; h++) {
      const t = stepTime(comparison, i, h);
      if (t <= start || t > end) continue;
      const seen = best.get(t);
      if (!seen || h < seen.h) best.set(t, { h, i });
    }
  });
  const times = [...best.keys()].sort((a, b) => a - b);
  const freq = comparison.frequencyMs ?? Infinity;
  const out: ForecastSeries = { x: [], actual: [], point: [], lower: [], upper: [] };
  if (levels && q) {
    out.bandLevels = [model.quantileLevels[levels[0]]!, model.quantileLevels[levels[1]]!];
  }
  times.forEach((t, k) => {
    if (k > 0 && t - times[k - 1]! > 1.5 * freq) {
      for (const key of ["x", "actual", "point", "lower", "upper"] as const) out[key].push(NaN);
    }
    const { h, i } = best.get(t)!;
    out.x.push(t);
    out.actual.push(comparison.actuals[i]![h]!);
    out.point.push(model.result.point[i]?.[h] ?? NaN);
    out.lower.push(levels && q ? q[i]?.[levels[0]]?.[h] ?? NaN : NaN);
    out.upper.push(levels && q ? q[i]?.[levels[1]]?.[h] ?? NaN : NaN);
  });
  return out;
}

/**
 * Picks the week to plot: the 7 local days, starting at a midnight,
 * that hold the most forecast steps (the earliest on a tie); or the week
 * starting on `week` (YYYY-MM-DD) when given.
 *
 * @param comparison the comparison
 * @param week a start date, local time
 * @param options the UTC offset
 * @returns the range (start exclusive, end inclusive), epoch ms, and its first day
 * @throws {RangeError} when `week` is not a YYYY-MM-DD date or no forecast step falls in it
 * @example Usage
 * ```ts
 * import { chooseWeek } from "@chronos-deno/chronos-deno/report";
 * import type { Comparison } from "@chronos-deno/chronos-deno/report";
 * import { equal } from "node:assert/strict";
 * const c = { timestamps: ["2018-11-03T10:00:00+09:00"], actuals: [[1]] } as unknown as Comparison;
 * equal(chooseWeek(c).day, "2018-11-03");
 * ```
 */
export function chooseWeek(
  comparison: Comparison,
  week?: string,
  options: ChartDataOptions = {},
): { start: number; end: number; day: string } {
  const shift = (options.offsetMinutes ?? offsetMinutesOf(comparison)) * 60_000;
  const times: number[] = [];
  comparison.actuals.forEach((row, i) => {
    for (let h = 0; h < row.length; h++) times.push(stepTime(comparison, i, h));
  });
  times.sort((a, b) => a - b);
  const count = (s: number) => times.filter((t) => t > s && t <= s + 7 * DAY).length;
  const dayOf = (s: number) => new Date(s + shift).toISOString().slice(0, 10);
  if (week !== undefined) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(week);
    const s = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - shift : NaN;
    if (!m || Number.isNaN(s) || dayOf(s) !== week) {
      throw new RangeError(`Cannot plot week "${week}": give its first day as YYYY-MM-DD`);
    }
    if (count(s) === 0) {
      const span = times.length > 0
        ? `${dayOf(times[0]! - 1)} to ${dayOf(times[times.length - 1]! - 1)}`
        : "nothing";
      throw new RangeError(
        `Cannot plot week "${week}": no forecast falls in it; the windows cover ${span}`,
      );
    }
    return { start: s, end: s + 7 * DAY, day: week };
  }
  let best = { start: 0, n: -1 };
  const tried = new Set<number>();
  for (const t of times) {
    const s = Math.floor((t - 1 + shift) / DAY) * DAY - shift; // midnight before the step's interval
    if (tried.has(s)) continue;
    tried.add(s);
    const n = count(s);
    if (n > best.n) best = { start: s, n };
  }
  return { start: best.start, end: best.start + 7 * DAY, day: dayOf(best.start) };
}

/** Mean absolute error per category, per model. */
export interface ErrorBreakdown {
  /** Category names (hours "0".."23", or segments). */
  groups: string[];
  /** Scored steps per category. */
  counts: number[];
  /** One entry per model: its MAE per category (NaN when none scored). */
  series: { name: string; values: number[] }[];
}

/**
 * Mean absolute error by hour of day (local time, hour of the interval's
 * start), for every model.
 *
 * @param comparison the comparison
 * @param options the UTC offset
 * @returns 24 groups "0".."23"
 * @example Usage
 * ```ts
 * import { errorByHour } from "@chronos-deno/chronos-deno/report";
 * import type { Comparison } from "@chronos-deno/chronos-deno/report";
 * import { equal } from "node:assert/strict";
 * const c = {
 *   timestamps: ["2018-11-01T09:00:00+09:00"], actuals: [[5]],
 *   models: [{ name: "m", result: { point: [[3]] } }],
 * } as unknown as Comparison;
 * equal(errorByHour(c).series[0]!.values[8], 2);
 * ```
 */
export function errorByHour(
  comparison: Comparison,
  options: ChartDataOptions = {},
): ErrorBreakdown {
  const shift = (options.offsetMinutes ?? offsetMinutesOf(comparison)) * 60_000;
  const groups = Array.from({ length: 24 }, (_, h) => String(h));
  return breakdown(comparison, groups, (i, h) => {
    // End-labelled: 1 ms before the stamp lies inside the interval.
    const local = stepTime(comparison, i, h) - 1 + shift;
    return Math.floor((((local % DAY) + DAY) % DAY) / 3_600_000);
  });
}

/**
 * Mean absolute error by segment (the segment of each window's first step,
 * e.g. the load type), for every model.
 *
 * @param comparison the comparison
 * @param order segments in display order; others follow, sorted @default sorted
 * @returns the breakdown, or `undefined` when the results carry no segments
 * @example Usage
 * ```ts
 * import { errorBySegment } from "@chronos-deno/chronos-deno/report";
 * import type { Comparison } from "@chronos-deno/chronos-deno/report";
 * import { deepEqual } from "node:assert/strict";
 * const c = {
 *   timestamps: ["2018-11-01T09:00:00+09:00"], actuals: [[5]], segments: ["Light_Load"],
 *   models: [{ name: "m", result: { point: [[3]] } }],
 * } as unknown as Comparison;
 * deepEqual(errorBySegment(c)?.series[0]!.values, [2]);
 * ```
 */
export function errorBySegment(
  comparison: Comparison,
  order: readonly string[] = [],
): ErrorBreakdown | undefined {
  const segments = comparison.segments;
  if (!segments) return undefined;
  const seen = [...new Set(segments)];
  const groups = [
    ...order.filter((t) => seen.includes(t)),
    ...seen.filter((t) => !order.includes(t)).sort(),
  ];
  return breakdown(comparison, groups, (i) => groups.indexOf(segments[i]!));
}

function breakdown(
  comparison: Comparison,
  groups: string[],
  groupOf: (window: number, step: number) => number,
): ErrorBreakdown {
  const counts = groups.map(() => 0);
  const sums = comparison.models.map(() => groups.map(() => 0));
  const ns = comparison.models.map(() => groups.map(() => 0));
  comparison.actuals.forEach((row, i) => {
    row.forEach((y, h) => {
      if (!Number.isFinite(y)) return;
      const g = groupOf(i, h);
      counts[g]!++;
      comparison.models.forEach((m, k) => {
        const p = m.result.point[i]?.[h] ?? NaN;
        if (!Number.isFinite(p)) return;
        sums[k]![g]! += Math.abs(y - p);
        ns[k]![g]!++;
      });
    });
  });
  return {
    groups,
    counts,
    series: comparison.models.map((m, k) => ({
      name: m.name,
      values: groups.map((_, g) => (ns[k]![g]! > 0 ? sums[k]![g]! / ns[k]![g]! : NaN)),
    })),
  };
}

/**
 * Indices of the quantile levels that bound the central interval: exact
 * matches, else the nearest levels within 0.05.
 */
function bandLevelIndices(
  levels: readonly number[],
  interval: readonly [number, number],
): [number, number] | undefined {
  const nearest = (target: number) => {
    let best = -1;
    levels.forEach((l, i) => {
      if (Math.abs(l - target) <= 0.05 + 1e-12) {
        if (best < 0 || Math.abs(l - target) < Math.abs(levels[best]! - target)) best = i;
      }
    });
    return best;
  };
  const lo = nearest(interval[0]);
  const hi = nearest(interval[1]);
  return lo >= 0 && hi >= 0 && lo !== hi ? [lo, hi] : undefined;
}
