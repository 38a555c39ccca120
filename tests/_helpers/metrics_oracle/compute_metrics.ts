/**
 * The float64 reference metrics, a test oracle only: a plain two-pass loop
 * written from the definitions, against which the one production engine
 * (lib/metrics' scorer over kernels/metric_reduce, CPU and WebGPU paths) is
 * checked.
 *
 * @module
 */

import type { MetricSet } from "../../../lib/results/schema.ts";
import { intervalCoverage, quantileSums, weightedQuantileLoss } from "./quantile_loss.ts";

/** What to score: actuals, a point forecast and optionally quantile forecasts. */
export interface MetricInput {
  /** N actual values; NaN means unknown and is skipped (`n` counts the rest). */
  actual: ArrayLike<number>;
  /** N point forecasts (the median for probabilistic models). */
  point: ArrayLike<number>;
  /** Quantile forecasts, N×Q row-major. */
  quantiles?: { levels: number[]; values: ArrayLike<number> };
  /** Central interval levels for the coverage. @default [0.1, 0.9] */
  interval?: [number, number];
  /** MASE scale: mean |y_t − y_{t−m}| on the training part (see `seasonalScale`). */
  maseScale?: number;
}

/**
 * Scores forecasts in float64. With e = y − ŷ over the n steps whose actual is known:
 * RMSE = √(Σe²/n); MAE = Σ|e|/n; R² = 1 − Σe²/Σ(y − ȳ)² (NaN when the actuals are constant);
 * MAPE = 100·mean(|e|/|y|) over y ≠ 0, the zeros counted in `mapeSkipped`;
 * WAPE = 100·Σ|e|/Σ|y|; sMAPE = 100·mean(2|e|/(|y| + |ŷ|)), a 0/0 term counting 0;
 * MASE = MAE / maseScale (NaN without a positive scale); pinball loss per level = mean
 * ρ_q(y − ŷ_q); WQL = 2·Σ_q Σ_t ρ_q / (Q·Σ|y|); coverage = share of y inside the central
 * interval. Without quantiles, WQL and coverage are NaN and `pinball` is absent. The number of
 * skipped (NaN) actuals is `actual.length − n`.
 *
 * @param input actuals, point forecasts, optional quantiles, interval and MASE scale
 * @returns the metric set
 * @throws {TypeError} when lengths differ
 * @throws {RangeError} when no actual is known, or a forecast is NaN where the actual is known
 * @example Usage
 * ```ts
 * import { computeMetrics } from "./compute_metrics.ts";
 * import assert from "node:assert/strict";
 * const m = computeMetrics({ actual: [1, 2, 0, 4], point: [2, 2, 1, 2], maseScale: 0.5 });
 * assert.equal(m.mae, 1);
 * assert.equal(m.mape, 50); // (1/1 + 0/2 + 2/4) / 3, the zero actual skipped
 * assert.equal(m.mapeSkipped, 1);
 * assert.equal(m.mase, 2);
 * ```
 */
export function computeMetrics(input: MetricInput): MetricSet {
  const { actual, point } = input;
  const N = actual.length;
  if (point.length !== N) {
    throw new TypeError(`Cannot score ${point.length} point forecasts against ${N} actuals`);
  }
  let n = 0;
  let sumY = 0;
  for (let t = 0; t < N; t++) {
    const y = actual[t]!;
    if (Number.isNaN(y)) continue;
    if (Number.isNaN(point[t]!)) {
      throw new RangeError(
        `Cannot score a NaN point forecast at step ${t} where the actual is ${y}`,
      );
    }
    n++;
    sumY += y;
  }
  if (n === 0) throw new RangeError(`Cannot score forecasts: none of the ${N} actuals is known`);
  const mean = sumY / n;
  let sse = 0;
  let sae = 0;
  let sst = 0;
  let sumAbsY = 0;
  let ape = 0;
  let apeN = 0;
  let sape = 0;
  for (let t = 0; t < N; t++) {
    const y = actual[t]!;
    if (Number.isNaN(y)) continue;
    const f = point[t]!;
    const e = y - f;
    const ae = Math.abs(e);
    sse += e * e;
    sae += ae;
    sst += (y - mean) * (y - mean);
    sumAbsY += Math.abs(y);
    if (y !== 0) {
      ape += ae / Math.abs(y);
      apeN++;
    }
    const denom = Math.abs(y) + Math.abs(f);
    if (denom > 0) sape += (2 * ae) / denom;
  }
  const mae = sae / n;
  const scale = input.maseScale;
  const metrics: MetricSet = {
    n,
    rmse: Math.sqrt(sse / n),
    mae,
    r2: sst > 0 ? 1 - sse / sst : NaN,
    mape: apeN > 0 ? (100 * ape) / apeN : NaN,
    mapeSkipped: n - apeN,
    wape: sumAbsY > 0 ? (100 * sae) / sumAbsY : NaN,
    smape: (100 * sape) / n,
    mase: scale !== undefined && scale > 0 && Number.isFinite(scale) ? mae / scale : NaN,
    wql: NaN,
    coverage: NaN,
  };
  if (input.quantiles) {
    const sums = quantileSums(actual, input.quantiles);
    metrics.wql = weightedQuantileLoss(sums);
    metrics.coverage = intervalCoverage(actual, input.quantiles, input.interval ?? [0.1, 0.9]);
    metrics.pinball = {};
    input.quantiles.levels.forEach((l, k) => {
      metrics.pinball![String(l)] = sums.pinballSums[k]! / sums.n;
    });
  }
  return metrics;
}
