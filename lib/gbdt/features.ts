/**
 * Features of the gradient-boosted forecaster, built per origin from the past
 * only. Direct multi-horizon with the step as a feature: one row per (origin,
 * step h = 1..H), one model for every step. Everything measured comes from
 * rows before the origin; only the calendar of the target row and the
 * covariates the dataset marks as known in advance (calendar, tariff) may
 * look at the target row itself.
 *
 * Per row (origin o, step h, target row t = o + h − 1):
 * - `step`: h;
 * - target lags from the origin: y[o−1..o−4], y[o−1−day]; the same step one
 *   day and one week back from the target (the latest such row before o);
 *   the last change y[o−1] − y[o−2];
 * - rolling statistics over the last 4, 16, 96 (a day) and 672 (a week) rows;
 * - calendar of the target row: hour of day, slot of the day, weekday (local time);
 * - covariates: with `past`, every covariate at o−1 and o−2; with
 *   `past+future`, the known-in-advance ones at t and the measured ones at
 *   o−1 and o−2; none with `none`.
 *
 * @module
 */

import type { TimeSeriesData } from "../data/types.ts";

/** Covariate mode (as the zero-shot task's `--covariates`). */
export type GbdtCovariateMode = "none" | "past" | "past+future";

/** Options of {@linkcode buildFeatures}. */
export interface FeatureOptions {
  /** Forecast horizon H: each origin gives H rows, steps 1..H. */
  horizon: number;
  /** Which covariates enter, and how. @default "past+future" */
  covariates?: GbdtCovariateMode;
  /** Steps in a day and in a week (the dataset spec's periods). @default derived from the series' frequency */
  periods?: { seasonalPeriod: number; weeklyPeriod: number };
}

/** A feature matrix with its labels. */
export interface FeatureMatrix {
  /** Row-major rows × names.length values, NaN for missing. */
  data: Float32Array;
  /** Number of rows (origins × horizon). */
  rows: number;
  /** Feature names, one per column. */
  names: string[];
  /** y[t] per row (NaN where the target row is missing or past the end). */
  labels: Float32Array;
}

const DAY_MS = 86_400_000;

/** Steps per day and per week of a series (at least 1). */
function seasons(data: TimeSeriesData): { day: number; week: number } {
  const day = Math.max(1, Math.round(DAY_MS / data.frequencyMs));
  return { day, week: 7 * day };
}

/**
 * The feature names {@linkcode buildFeatures} produces for a series and options, in column order.
 *
 * @param data the series (its covariates and their known-in-advance flags)
 * @param covariates the covariate mode
 * @returns the names
 * @example Usage
 * ```ts
 * import { featureNames } from "@chronos-deno/chronos-deno/gbdt";
 * import { equal } from "node:assert/strict";
 * const data = { covariates: [{ name: "NSM", knownInAdvance: true, values: new Float64Array() }] };
 * equal(featureNames(data as never, "past+future").at(-1), "NSM@t");
 * ```
 */
export function featureNames(data: TimeSeriesData, covariates: GbdtCovariateMode): string[] {
  const names = [
    "step",
    "lag_1",
    "lag_2",
    "lag_3",
    "lag_4",
    "lag_1_day_before",
    "same_step_day_before",
    "same_step_week_before",
    "diff_1",
    "mean_4",
    "mean_16",
    "mean_day",
    "mean_week",
    "std_16",
    "std_day",
    "min_day",
    "max_day",
    "hour",
    "slot_of_day",
    "weekday",
  ];
  if (covariates === "none") return names;
  for (const c of data.covariates) {
    if (covariates === "past+future" && c.knownInAdvance) names.push(`${c.name}@t`);
    else names.push(`${c.name}@lag_1`, `${c.name}@lag_2`);
  }
  return names;
}

/** Prefix sums of y and y² over finite values, with counts, for O(1) window statistics. */
function prefixSums(y: Float64Array) {
  const n = y.length;
  const s = new Float64Array(n + 1);
  const s2 = new Float64Array(n + 1);
  const c = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    const ok = Number.isFinite(v);
    s[i + 1] = s[i]! + (ok ? v : 0);
    s2[i + 1] = s2[i]! + (ok ? v * v : 0);
    c[i + 1] = c[i]! + (ok ? 1 : 0);
  }
  return { s, s2, c };
}

/**
 * Builds the feature rows of `origins` (row index of each first forecast step)
 * for steps 1..H. Nothing at or after an origin enters its rows except the
 * calendar and the known-in-advance covariates of the target row.
 *
 * @param data the series
 * @param origins the origins, each at least 1
 * @param options horizon and covariate mode
 * @returns the matrix (origin-major, then step) and the labels
 * @throws {RangeError} when the horizon is not a positive whole number or an origin is out of range
 * @example Usage
 * ```ts
 * import { buildFeatures } from "@chronos-deno/chronos-deno/gbdt";
 * import { equal } from "node:assert/strict";
 * const target = Float64Array.from({ length: 10 }, (_, i) => i);
 * const data = {
 *   source: "", timestamps: Float64Array.from(target, (i) => i * 900_000), frequencyMs: 900_000,
 *   targetName: "y", target, covariates: [],
 * };
 * const m = buildFeatures(data, [5], { horizon: 2 });
 * equal(m.rows, 2);
 * equal(m.data[m.names.indexOf("lag_1")], 4);
 * equal(m.labels[1], 6);
 * ```
 */
export function buildFeatures(
  data: TimeSeriesData,
  origins: readonly number[],
  options: FeatureOptions,
): FeatureMatrix {
  const H = options.horizon;
  const mode = options.covariates ?? "past+future";
  if (!Number.isInteger(H) || H < 1) {
    throw new RangeError(`The horizon must be a whole number of at least 1: got ${H}`);
  }
  const y = data.target;
  const n = y.length;
  for (const o of origins) {
    if (!Number.isInteger(o) || o < 1 || o > n) {
      throw new RangeError(
        `Cannot build features for origin ${o}: origins must be rows 1..${n} of the series`,
      );
    }
  }
  const names = featureNames(data, mode);
  const F = names.length;
  const rows = origins.length * H;
  const out = new Float32Array(rows * F);
  const labels = new Float32Array(rows);
  const { day, week } = options.periods
    ? { day: options.periods.seasonalPeriod, week: options.periods.weeklyPeriod }
    : seasons(data);
  const { s, s2, c } = prefixSums(y);
  const at = (i: number) => (i >= 0 && i < n ? y[i]! : NaN);
  // Window [o−w, o): rows o−w..o−1, clipped at the start of the series.
  const mean = (o: number, w: number) => {
    const a = Math.max(0, o - w);
    const k = c[o]! - c[a]!;
    return k > 0 ? (s[o]! - s[a]!) / k : NaN;
  };
  const std = (o: number, w: number) => {
    const a = Math.max(0, o - w);
    const k = c[o]! - c[a]!;
    if (k < 2) return NaN;
    const m = (s[o]! - s[a]!) / k;
    return Math.sqrt(Math.max(0, (s2[o]! - s2[a]!) / k - m * m));
  };
  const extreme = (o: number, w: number, pick: (a: number, b: number) => number) => {
    let r = NaN;
    for (let i = Math.max(0, o - w); i < o; i++) {
      const v = y[i]!;
      if (Number.isFinite(v)) r = Number.isNaN(r) ? v : pick(r, v);
    }
    return r;
  };
  const offsetMs = (data.utcOffsetMinutes ?? 0) * 60_000;
  const covs = mode === "none" ? [] : data.covariates;
  let row = 0;
  for (const o of origins) {
    const base = [
      at(o - 1),
      at(o - 2),
      at(o - 3),
      at(o - 4),
      at(o - 1 - day),
      NaN,
      NaN,
      at(o - 1) - at(o - 2),
      mean(o, 4),
      mean(o, 16),
      mean(o, day),
      mean(o, week),
      std(o, 16),
      std(o, day),
      extreme(o, day, Math.min),
      extreme(o, day, Math.max),
    ];
    for (let h = 1; h <= H; h++, row++) {
      const t = o + h - 1;
      const f = out.subarray(row * F, (row + 1) * F);
      f[0] = h;
      for (let j = 0; j < base.length; j++) f[j + 1] = base[j]!;
      f[6] = at(t - day * Math.ceil(h / day));
      f[7] = at(t - week * Math.ceil(h / week));
      // Calendar of the target interval (its start, local time): known in advance.
      const startMs = t < n ? data.timestamps[t]! - data.frequencyMs : NaN;
      const local = new Date(startMs + offsetMs);
      f[17] = local.getUTCHours();
      f[18] = Math.floor(
        (local.getUTCHours() * 60 + local.getUTCMinutes()) * 60_000 /
          data.frequencyMs,
      );
      f[19] = local.getUTCDay();
      let k = 20;
      for (const cov of covs) {
        const v = cov.values;
        if (mode === "past+future" && cov.knownInAdvance) {
          f[k++] = t < n ? v[t]! : NaN;
        } else {
          f[k++] = o - 1 < n ? v[o - 1]! : NaN;
          f[k++] = o >= 2 ? v[o - 2]! : NaN;
        }
      }
      labels[row] = at(t);
    }
  }
  return { data: out, rows, names, labels };
}
