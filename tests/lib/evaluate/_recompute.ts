/**
 * Test helper: the evaluation metrics recomputed from per-origin forecasts in
 * plain float64 loops, independently of lib/metrics and the metric kernel.
 *
 * @module
 */

/** Metrics of one model, recomputed. */
export interface Recomputed {
  n: number;
  rmse: number;
  mae: number;
  r2: number;
  mape: number;
  mapeSkipped: number;
  wape: number;
  smape: number;
  mase: number;
  wql: number;
  coverage: number;
}

/** JSON null (NaN) back to NaN. */
function num(x: number | null | undefined): number {
  return typeof x === "number" ? x : NaN;
}

/**
 * Recomputes the metrics of one model from a results file's arrays.
 *
 * @param actuals [origins][H] (null = NaN)
 * @param point [origins][H]
 * @param quantiles [origins][Q][H] or undefined
 * @param levels quantile levels
 * @param maseScale mean |y_t − y_{t−m}| over the training part
 * @returns the metrics
 */
export function recomputeMetrics(
  actuals: (number | null)[][],
  point: (number | null)[][],
  quantiles: (number | null)[][][] | undefined,
  levels: number[],
  maseScale: number,
): Recomputed {
  const ys: number[] = [];
  const ps: number[] = [];
  const qs: number[][] = [];
  actuals.forEach((row, i) =>
    row.forEach((y, h) => {
      if (y === null || Number.isNaN(y)) return;
      ys.push(y);
      ps.push(num(point[i]![h]));
      if (quantiles) qs.push(levels.map((_, j) => num(quantiles[i]![j]![h])));
    })
  );
  const n = ys.length;
  const mean = ys.reduce((a, b) => a + b, 0) / n;
  let sse = 0;
  let sae = 0;
  let sst = 0;
  let sy = 0;
  let ape = 0;
  let zeros = 0;
  let sape = 0;
  for (let k = 0; k < n; k++) {
    const e = ys[k]! - ps[k]!;
    sse += e * e;
    sae += Math.abs(e);
    sst += (ys[k]! - mean) ** 2;
    sy += Math.abs(ys[k]!);
    if (ys[k] === 0) zeros++;
    else ape += Math.abs(e) / Math.abs(ys[k]!);
    const d = Math.abs(ys[k]!) + Math.abs(ps[k]!);
    sape += d === 0 ? 0 : (2 * Math.abs(e)) / d;
  }
  let wql = NaN;
  let coverage = NaN;
  if (quantiles && levels.length > 0) {
    let total = 0;
    levels.forEach((tau, j) => {
      let loss = 0;
      for (let k = 0; k < n; k++) {
        const u = ys[k]! - qs[k]![j]!;
        loss += u >= 0 ? tau * u : (tau - 1) * u;
      }
      total += (2 * loss) / sy;
    });
    wql = total / levels.length;
    const lo = levels.indexOf(0.1);
    const hi = levels.indexOf(0.9);
    if (lo >= 0 && hi >= 0) {
      let inside = 0;
      for (let k = 0; k < n; k++) {
        if (ys[k]! >= qs[k]![lo]! && ys[k]! <= qs[k]![hi]!) inside++;
      }
      coverage = inside / n;
    }
  }
  return {
    n,
    rmse: Math.sqrt(sse / n),
    mae: sae / n,
    r2: 1 - sse / sst,
    mape: (100 * ape) / (n - zeros),
    mapeSkipped: zeros,
    wape: (100 * sae) / sy,
    smape: (100 * sape) / n,
    mase: sae / n / maseScale,
    wql,
    coverage,
  };
}

/**
 * Mean absolute seasonal difference of a series (NaN pairs skipped).
 *
 * @param y the training part
 * @param m the period
 * @returns the scale
 */
export function seasonalScaleF64(y: ArrayLike<number>, m: number): number {
  let s = 0;
  let c = 0;
  for (let t = m; t < y.length; t++) {
    const d = y[t]! - y[t - m]!;
    if (!Number.isNaN(d)) {
      s += Math.abs(d);
      c++;
    }
  }
  return s / c;
}
