/**
 * Shared by both paths of the metric kernel: the input and sums types, input
 * checks, the shift of the centred sums, and the sums → `MetricSet` step.
 * The definitions follow the float64 oracle (tests/_helpers/metrics_oracle
 * reference), errors included.
 *
 * @module
 */

import { ShapeError } from "../lib/errors.ts";
import type { MetricSet } from "../lib/results/schema.ts";

/** Forecasts and actuals to score (the shape of lib/metrics `MetricInput`). */
export interface MetricReduceInput {
  /** N actuals; NaN = skipped (and counted). */
  actual: ArrayLike<number>;
  /** N point forecasts; NaN where the actual is known is an error. */
  point: ArrayLike<number>;
  /** Quantile forecasts: `values` is N×Q row-major at `levels` (each in (0, 1)). */
  quantiles?: { levels: readonly number[]; values: ArrayLike<number> };
  /**
   * Central interval for coverage: two of `quantiles.levels`, lo < hi.
   * @default {[0.1, 0.9]}
   */
  interval?: readonly [number, number];
  /** Seasonal scale for MASE (mean |y_t − y_{t−m}| on the training part). */
  maseScale?: number;
}

/** The sums a `MetricSet` is computed from (float64). */
export interface MetricSums {
  /** Scored elements (non-NaN actuals). */
  count: number;
  /** NaN actuals skipped. */
  skipped: number;
  /** Shift c of the two centred sums (a value near the mean actual). */
  shift: number;
  /** Σ (y − c). */
  sumDev: number;
  /** Σ (y − c)². */
  sumDevSq: number;
  /** Σ e², e = y − point. */
  sumSqErr: number;
  /** Σ |e|. */
  sumAbsErr: number;
  /** Σ |y|. */
  sumAbsActual: number;
  /** Σ |e| / |y| over y ≠ 0. */
  sumApe: number;
  /** Actuals equal to 0 (skipped by MAPE). */
  zeroActuals: number;
  /** Σ 2|e| / (|y| + |point|), a term being 0 when both are 0. */
  sumSape: number;
  /** Actuals inside [q_lo, q_hi], bounds included (0 without quantiles). */
  covered: number;
  /** Quantile levels of `pinball` (empty for point forecasts). */
  levels: number[];
  /** Σ pinball loss per level. */
  pinball: number[];
  /** The interval levels used for `covered`, or null for point forecasts. */
  interval: [number, number] | null;
  /** Seasonal scale for MASE, when known. */
  maseScale?: number;
}

/** The checked sizes and level indices of one input. */
export interface CheckedMetricInput {
  /** Elements. */
  n: number;
  /** Quantile levels (empty for point forecasts). */
  levels: number[];
  /** Quantile values, when given. */
  values: ArrayLike<number> | undefined;
  /** Level index of the interval's lower bound (−1 without quantiles). */
  lo: number;
  /** Level index of the interval's upper bound (−1 without quantiles). */
  hi: number;
  /** The interval, or null without quantiles. */
  interval: [number, number] | null;
}

/**
 * Checks lengths, levels and the interval, as the float64 oracle does.
 *
 * @param input the metric input
 * @returns sizes and level indices
 * @throws {ShapeError} when lengths disagree
 * @throws {RangeError} when a level is outside (0, 1) or the interval is not two levels lo < hi
 */
export function checkMetricInput(input: MetricReduceInput): CheckedMetricInput {
  const n = input.actual.length;
  if (input.point.length !== n) {
    throw new ShapeError(
      "metric_reduce",
      `${n} point forecasts`,
      `${input.point.length}`,
      `Cannot score ${input.point.length} point forecasts against ${n} actuals; give one per actual`,
    );
  }
  if (!input.quantiles) return { n, levels: [], values: undefined, lo: -1, hi: -1, interval: null };
  const levels = [...input.quantiles.levels];
  for (const l of levels) {
    if (!(l > 0 && l < 1)) {
      throw new RangeError(`Cannot use the quantile level ${l}: it must be in (0, 1)`);
    }
  }
  const values = input.quantiles.values;
  if (values.length !== n * levels.length) {
    throw new ShapeError(
      "metric_reduce",
      `[${n}, ${levels.length}] quantile values`,
      `${values.length} values`,
      `Cannot score quantile forecasts: expected ${n}×${levels.length} = ${n * levels.length} ` +
        `values, got ${values.length}; give them row-major [N, Q]`,
    );
  }
  const [loLevel, hiLevel] = input.interval ?? [0.1, 0.9];
  const find = (level: number) => levels.findIndex((l) => Math.abs(l - level) < 1e-9);
  const lo = find(loLevel);
  const hi = find(hiLevel);
  if (lo < 0 || hi < 0 || !(loLevel < hiLevel)) {
    throw new RangeError(
      `Cannot compute the coverage of [${loLevel}, ${hiLevel}]: both must be forecast levels ` +
        `(${levels.join(", ")}) and lo < hi`,
    );
  }
  return { n, levels, values, lo, hi, interval: [loLevel, hiLevel] };
}

/**
 * A value near the mean of the actuals, as f32: the mean of up to 4096
 * evenly spaced non-NaN ones. Summing (y − c) and (y − c)² instead of y and y²
 * keeps R²'s total sum of squares well conditioned in f32.
 *
 * @param actual the actuals
 * @returns the shift (0 when every sampled actual is NaN)
 */
export function chooseShift(actual: ArrayLike<number>): number {
  const n = actual.length;
  const step = Math.max(1, Math.floor(n / 4096));
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i += step) {
    const y = actual[i]!;
    if (!Number.isNaN(y)) {
      sum += y;
      count++;
    }
  }
  return count > 0 ? Math.fround(sum / count) : 0;
}

/** Options of {@linkcode metricsFromSums}. */
export interface MetricsFromSumsOptions {
  /** Seasonal scale for MASE; overrides `sums.maseScale`. @default {sums.maseScale} */
  maseScale?: number;
}

/**
 * Turns {@linkcode MetricSums} into a `MetricSet`, with the definitions of
 * float64 oracle's (tests/_helpers/metrics_oracle): RMSE = √(Σe²/n), MAE = Σ|e|/n,
 * R² = 1 − Σe²/SST with SST = Σ(y−c)² − (Σ(y−c))²/n (NaN when SST ≤ 0),
 * MAPE = 100·Σ(|e|/|y|)/(n − zeros) (NaN when every actual is 0),
 * WAPE = 100·Σ|e|/Σ|y|, sMAPE = 100·Σ(2|e|/(|y|+|p|))/n, MASE = MAE/scale (NaN
 * without a positive finite scale), pinball_τ = Σρ_τ/n, WQL = 2·Σ_τΣρ_τ/(Q·Σ|y|)
 * (NaN when Σ|y| = 0), coverage = share of actuals in [q_lo, q_hi]. Without
 * quantiles WQL and coverage are NaN and `pinball` is absent.
 *
 * @param sums the sums from `metricReduceCpu` or `metricReduceGpu`
 * @param options MASE scale
 * @returns the metric set
 * @throws {RangeError} when no actual was known (n = 0)
 * @example Usage
 * ```ts
 * import { metricReduceCpu, metricsFromSums } from "@chronos-deno/chronos-deno/kernels";
 * const m = metricsFromSums(metricReduceCpu({
 *   actual: [2, 4], point: [1, 5],
 *   quantiles: { levels: [0.1, 0.5, 0.9], values: [1, 2, 3, 3, 4, 5] },
 * }));
 * if (m.rmse !== 1 || m.coverage !== 1 || m.pinball?.["0.5"] !== 0) throw new Error();
 * ```
 */
export function metricsFromSums(sums: MetricSums, options: MetricsFromSumsOptions = {}): MetricSet {
  const n = sums.count;
  if (n === 0) {
    throw new RangeError(
      `Cannot score forecasts: none of the ${sums.skipped} actuals is known`,
    );
  }
  const mae = sums.sumAbsErr / n;
  const sst = sums.sumDevSq - (sums.sumDev * sums.sumDev) / n;
  const scale = options.maseScale ?? sums.maseScale;
  const Q = sums.levels.length;
  const apeN = n - sums.zeroActuals;
  const absY = sums.sumAbsActual;
  const out: MetricSet = {
    n,
    rmse: Math.sqrt(sums.sumSqErr / n),
    mae,
    r2: sst > 0 ? 1 - sums.sumSqErr / sst : NaN,
    mape: apeN > 0 ? (100 * sums.sumApe) / apeN : NaN,
    mapeSkipped: sums.zeroActuals,
    wape: absY > 0 ? (100 * sums.sumAbsErr) / absY : NaN,
    smape: (100 * sums.sumSape) / n,
    mase: scale !== undefined && scale > 0 && Number.isFinite(scale) ? mae / scale : NaN,
    wql: NaN,
    coverage: NaN,
  };
  if (sums.interval) {
    out.wql = absY > 0 ? (2 * sums.pinball.reduce((a, p) => a + p, 0)) / (Q * absY) : NaN;
    out.coverage = sums.covered / n;
    out.pinball = Object.fromEntries(sums.levels.map((l, k) => [String(l), sums.pinball[k]! / n]));
  }
  return out;
}
