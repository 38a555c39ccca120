/**
 * Quantile utilities with the official float32 numerics (chronos `utils.py`):
 * linear interpolation between quantile levels with flat extrapolation, the
 * weighted-quantile merge of the long-horizon rollout (cumulative weights
 * accumulated in float64, as CPU PyTorch does), and the trapezoid probability
 * mass of a set of levels.
 *
 * @module
 */

const f = Math.fround;

/**
 * Interpolates values given at `levels` to `query` levels, row by row
 * (`interpolate_quantiles`): levels 0 and 1 are added with the first and last
 * value when the (global) extreme levels are inside (0, 1), so queries outside
 * the range get the nearest value.
 *
 * @param query levels wanted, in [0, 1]
 * @param levels either one list of `q` levels shared by all rows, or per-row levels `[rows, q]`
 * @param values `[rows, q]` values, sorted by level
 * @param q number of levels per row
 * @returns `[rows, query.length]` float32
 * @throws {RangeError} when a query level is outside [0, 1]
 * @example Usage
 * ```ts
 * import { interpolateQuantiles } from "@chronos-deno/chronos-deno/chronos2";
 * const out = interpolateQuantiles([0.25, 0.99], [0.1, 0.5, 0.9], new Float32Array([1, 2, 3]), 3);
 * if (Math.abs(out[0]! - 1.375) > 1e-6 || out[1] !== 3) throw new Error();
 * ```
 */
export function interpolateQuantiles(
  query: readonly number[],
  levels: ArrayLike<number>,
  values: ArrayLike<number>,
  q: number,
): Float32Array {
  for (const x of query) {
    if (!(x >= 0 && x <= 1)) throw new RangeError(`Quantile levels must be in [0, 1]: got ${x}`);
  }
  const rows = values.length / q;
  const perRow = levels.length !== q;
  let gmin = Infinity;
  let gmax = -Infinity;
  for (let i = 0; i < levels.length; i++) {
    const l = Math.min(Math.max(f(levels[i]!), 0), 1);
    if (l < gmin) gmin = l;
    if (l > gmax) gmax = l;
  }
  const padLo = gmin > 0;
  const padHi = gmax < 1;
  const n = q + (padLo ? 1 : 0) + (padHi ? 1 : 0);
  const lv = new Float32Array(n);
  const vv = new Float32Array(n);
  const qf = query.map(f);
  const out = new Float32Array(rows * query.length);
  for (let r = 0; r < rows; r++) {
    let k = 0;
    const lOff = perRow ? r * q : 0;
    if (padLo) {
      lv[k] = 0;
      vv[k++] = values[r * q]!;
    }
    for (let j = 0; j < q; j++, k++) {
      lv[k] = Math.min(Math.max(f(levels[lOff + j]!), 0), 1);
      vv[k] = values[r * q + j]!;
    }
    if (padHi) {
      lv[k] = 1;
      vv[k] = values[r * q + q - 1]!;
    }
    for (let i = 0; i < qf.length; i++) {
      const x = qf[i]!;
      let up = 0;
      while (up < n && lv[up]! <= x) up++;
      up = Math.min(up, n - 1);
      const lo = Math.max(up - 1, 0);
      let w = f(f(x - lv[lo]!) / f(lv[up]! - lv[lo]!));
      if (Number.isNaN(w)) w = 0;
      else if (w === Infinity) w = 3.4028234663852886e38;
      else if (w === -Infinity) w = -3.4028234663852886e38;
      out[r * qf.length + i] = f(vv[lo]! + f(w * f(vv[up]! - vv[lo]!)));
    }
  }
  return out;
}

/**
 * Normalised trapezoid probability mass of each level: `(l[i+1] − l[i−1]) / 2`
 * with l[0] = 0 and l[n+1] = 1, in float32 (sequential float32 sum).
 *
 * @param levels strictly increasing levels in (0, 1)
 * @returns the masses, summing to 1
 * @throws {RangeError} when a level is outside (0, 1)
 * @example Usage
 * ```ts
 * import { probabilityMass } from "@chronos-deno/chronos-deno/chronos2";
 * const m = probabilityMass([0.25, 0.5, 0.75]);
 * if (Math.abs(m[1]! - 1 / 3) > 1e-6) throw new Error();
 * ```
 */
export function probabilityMass(levels: readonly number[]): Float32Array {
  if (levels.some((l) => !(l > 0 && l < 1))) {
    throw new RangeError(
      `Quantile levels must be strictly between 0 and 1: got ${JSON.stringify(levels)}`,
    );
  }
  const b = [0, ...levels.map(f), 1];
  const m = new Float32Array(levels.length);
  let sum = 0;
  for (let i = 0; i < levels.length; i++) {
    m[i] = f(f(b[i + 2]! - b[i]!) / 2);
    sum = f(sum + m[i]!);
  }
  for (let i = 0; i < m.length; i++) m[i] = f(m[i]! / sum);
  return m;
}

/**
 * Quantiles of weighted samples (`weighted_quantile`): per row, sort the
 * samples, accumulate the normalised weights (in float64, then float32,
 * clamped to [0, 1]) and interpolate the query levels on that CDF.
 *
 * @param query levels wanted
 * @param weights one positive weight per sample
 * @param samples `[rows, n]` samples
 * @returns `[rows, query.length]` float32
 * @throws {RangeError} when a weight is not positive
 * @example Usage
 * ```ts
 * import { weightedQuantile } from "@chronos-deno/chronos-deno/chronos2";
 * const out = weightedQuantile([0.5], new Float32Array([1, 1]), new Float32Array([3, 1]));
 * if (out[0] !== 1) throw new Error();
 * ```
 */
export function weightedQuantile(
  query: readonly number[],
  weights: Float32Array,
  samples: ArrayLike<number>,
): Float32Array {
  const n = weights.length;
  if (weights.some((w) => !(w > 0))) throw new RangeError("Sample weights must be positive");
  const sum = laneSum(weights);
  const w = weights.map((x) => f(x / sum));
  const rows = samples.length / n;
  const sortedVals = new Float32Array(rows * n);
  const cum = new Float32Array(rows * n);
  const order = new Int32Array(n);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < n; i++) order[i] = i;
    const base = r * n;
    order.sort((a, b) => {
      const x = samples[base + a]!;
      const y = samples[base + b]!;
      if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : 1;
      return Number.isNaN(y) ? -1 : x - y;
    });
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const j = order[i]!;
      sortedVals[base + i] = samples[base + j]!;
      acc += w[j]!;
      cum[base + i] = Math.min(Math.max(f(acc), 0), 1);
    }
  }
  return interpolateQuantiles(query, cum, sortedVals, n);
}

/**
 * Float32 sum in 8 lanes, then the lanes and the tail in order: the order of
 * CPU PyTorch's vectorised `sum()`, which the weighted merge is sensitive to
 * (cumulative weights decide the interpolation bracket).
 */
function laneSum(a: Float32Array): number {
  const lanes = new Float32Array(8);
  let i = 0;
  for (; i + 8 <= a.length; i += 8) {
    for (let l = 0; l < 8; l++) lanes[l] = f(lanes[l]! + a[i + l]!);
  }
  let s = 0;
  for (let l = 0; l < 8; l++) s = f(s + lanes[l]!);
  for (; i < a.length; i++) s = f(s + a[i]!);
  return s;
}
