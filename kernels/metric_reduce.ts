/**
 * Metric reduction: from actuals, point and quantile forecasts, the sums
 * behind RMSE, MAE, R², MAPE, WAPE, sMAPE, MASE, pinball loss, WQL and
 * interval coverage, in one pass. A WGSL kernel (compensated f32 partial sums
 * per workgroup, combined in float64) and a float64 CPU loop, with the same
 * definitions; {@linkcode metricsFromSums} turns either into a `MetricSet`.
 *
 * @module
 */

import WGSL from "./metric_reduce.wgsl" with { type: "text" };
import { ShapeError } from "../lib/errors.ts";
import type { GpuContext } from "../lib/gpu/device.ts";
import { getPipeline } from "../lib/gpu/pipeline_cache.ts";
import { GpuBuffers, readBack, type ReadRegion } from "../lib/gpu/buffers.ts";
import { encodePass } from "../lib/gpu/dispatch.ts";
import type { MetricSet } from "../lib/results/schema.ts";

/** Invocations per workgroup of the metric kernel (a power of two; reaches WGSL as an override). */
export const METRIC_REDUCE_WORKGROUP_SIZE = 64;
/** Elements each invocation adds before the workgroup tree (reaches WGSL as an override). */
export const METRIC_REDUCE_ITEMS_PER_THREAD = 32;
/** Slots before the per-quantile pinball sums (mirrors WGSL `BASE_SLOTS`). */
const BASE_SLOTS = 11;

/** Forecasts and actuals to score (the shape of lib/metrics `MetricInput`). */
export interface MetricReduceInput {
  /** N actuals; NaN = skipped (and counted). */
  actual: ArrayLike<number>;
  /** N point forecasts. */
  point: ArrayLike<number>;
  /** Quantile forecasts: `values` is N×Q row-major at `levels` (each in (0, 1)). */
  quantiles?: { levels: readonly number[]; values: ArrayLike<number> };
  /**
   * Central interval for coverage, as two quantile levels present in `quantiles.levels`.
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
  /** Actuals inside [q_lo, q_hi] (0 when there is no interval). */
  covered: number;
  /** Quantile levels of `pinball` (empty for point forecasts). */
  levels: number[];
  /** Σ pinball loss per level. */
  pinball: number[];
  /** The interval levels used for `covered`, or null when not available. */
  interval: [number, number] | null;
  /** Seasonal scale for MASE, when known. */
  maseScale?: number;
}

/** Options of {@linkcode metricReduceGpu}. */
export interface MetricReduceGpuOptions {
  /**
   * Upper bound in bytes for one storage binding; larger inputs are reduced
   * in several dispatches. Lower it only to exercise the split in tests.
   * @default {the device's maxStorageBufferBindingSize (and maxBufferSize)}
   */
  maxBindingBytes?: number;
}

interface Checked {
  n: number;
  levels: number[];
  values: ArrayLike<number> | undefined;
  lo: number;
  hi: number;
  interval: [number, number] | null;
}

function findLevel(levels: readonly number[], level: number): number {
  return levels.findIndex((l) => Math.abs(l - level) < 1e-9);
}

function check(input: MetricReduceInput): Checked {
  const n = input.actual.length;
  if (input.point.length !== n) {
    throw new ShapeError(
      "metric_reduce",
      `${n} point forecasts`,
      `${input.point.length}`,
      `Cannot score forecasts: ${input.point.length} point forecasts for ${n} actuals; ` +
        "give one per actual",
    );
  }
  const levels = [...(input.quantiles?.levels ?? [])];
  for (const l of levels) {
    if (!(l > 0 && l < 1)) {
      throw new RangeError(`Cannot score forecasts: quantile level ${l} is outside (0, 1)`);
    }
  }
  const values = input.quantiles?.values;
  if (values && values.length !== n * levels.length) {
    throw new ShapeError(
      "metric_reduce",
      `[${n}, ${levels.length}] quantile values`,
      `${values.length} values`,
      `Cannot score forecasts: ${values.length} quantile values for ${n} actuals × ` +
        `${levels.length} levels; give them row-major [N, Q]`,
    );
  }
  const [loLevel, hiLevel] = input.interval ?? [0.1, 0.9];
  const lo = findLevel(levels, loLevel);
  const hi = findLevel(levels, hiLevel);
  const interval: [number, number] | null = lo >= 0 && hi >= 0 ? [loLevel, hiLevel] : null;
  return { n, levels, values, lo, hi, interval };
}

/** A value near the mean of the actuals: the mean of up to 4096 evenly spaced non-NaN ones, as f32. */
function chooseShift(actual: ArrayLike<number>): number {
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

function pinball(tau: number, u: number): number {
  return u >= 0 ? tau * u : (tau - 1) * u;
}

/**
 * Reduces forecasts and actuals to {@linkcode MetricSums} in float64 on the
 * CPU: the fallback of {@linkcode metricReduceGpu}, with the same definitions.
 *
 * @param input actuals, point and quantile forecasts
 * @returns the sums
 * @throws {ShapeError} when lengths disagree
 * @throws {RangeError} when a quantile level is outside (0, 1)
 * @example Usage
 * ```ts
 * import { metricReduceCpu, metricsFromSums } from "./metric_reduce.ts";
 * const sums = metricReduceCpu({ actual: [1, 2, NaN], point: [1, 4, 0] });
 * const m = metricsFromSums(sums);
 * if (m.n !== 2 || m.mae !== 1 || sums.skipped !== 1) throw new Error();
 * ```
 */
export function metricReduceCpu(input: MetricReduceInput): MetricSums {
  const c = check(input);
  const Q = c.levels.length;
  const shift = chooseShift(input.actual);
  const s = {
    count: 0,
    skipped: 0,
    sumDev: 0,
    sumDevSq: 0,
    sumSqErr: 0,
    sumAbsErr: 0,
    sumAbsActual: 0,
    sumApe: 0,
    zeroActuals: 0,
    sumSape: 0,
    covered: 0,
  };
  const pinballSums = new Array<number>(Q).fill(0);
  const { actual, point } = input;
  const values = c.values;
  for (let i = 0; i < c.n; i++) {
    const y = actual[i]!;
    if (Number.isNaN(y)) {
      s.skipped++;
      continue;
    }
    const p = point[i]!;
    const e = y - p;
    const ae = Math.abs(e);
    const ay = Math.abs(y);
    const d = y - shift;
    s.count++;
    s.sumDev += d;
    s.sumDevSq += d * d;
    s.sumSqErr += e * e;
    s.sumAbsErr += ae;
    s.sumAbsActual += ay;
    if (y === 0) s.zeroActuals++;
    else s.sumApe += ae / ay;
    const denom = ay + Math.abs(p);
    if (denom > 0) s.sumSape += 2 * ae / denom;
    if (values) {
      if (c.interval && values[i * Q + c.lo]! <= y && y <= values[i * Q + c.hi]!) s.covered++;
      for (let k = 0; k < Q; k++) pinballSums[k]! += pinball(c.levels[k]!, y - values[i * Q + k]!);
    }
  }
  return {
    ...s,
    shift,
    levels: c.levels,
    pinball: pinballSums,
    interval: c.interval,
    ...(input.maseScale !== undefined ? { maseScale: input.maseScale } : {}),
  };
}

/**
 * Bytes a metric reduction reads (actuals, points, quantiles): the work size
 * for `chooseKernelPath`.
 *
 * @param input the forecasts and actuals (only sizes are used)
 * @returns bytes
 * @example Usage
 * ```ts
 * import { metricReduceWorkBytes } from "./metric_reduce.ts";
 * if (metricReduceWorkBytes({ actual: [1, 2], point: [1, 2] }) !== 16) throw new Error();
 * ```
 */
export function metricReduceWorkBytes(input: MetricReduceInput): number {
  return 4 * (2 * input.actual.length + (input.quantiles?.values.length ?? 0));
}

function asF32(a: ArrayLike<number>): Float32Array {
  return a instanceof Float32Array ? a : Float32Array.from(a);
}

/**
 * The uniform struct, mirroring WGSL `Params` (8 × 4 bytes):
 * n u32, quantiles u32, lo_index u32, hi_index u32, shift f32, 3 × pad.
 */
function packParams(n: number, q: number, lo: number, hi: number, shift: number): ArrayBuffer {
  const buf = new ArrayBuffer(32);
  new Uint32Array(buf, 0, 4).set([n, q, lo, hi]);
  new Float32Array(buf, 16, 1)[0] = shift;
  return buf;
}

/**
 * Reduces forecasts and actuals to {@linkcode MetricSums} with the WGSL
 * kernel. Inputs are taken as f32 (converted when given as other arrays);
 * partial sums are compensated f32 pairs added in float64, so on 10⁶
 * elements the metrics agree with a float64 loop over the same f32 values to
 * about 1e-7 relative. Inputs over the binding limit are reduced in chunks.
 *
 * @param ctx the GPU context (from `getGpuContext()`)
 * @param input actuals, point and quantile forecasts
 * @param options binding limit override (tests)
 * @returns the sums
 * @throws {ShapeError} when lengths disagree
 * @throws {RangeError} when a quantile level is outside (0, 1)
 * @throws {GpuUnavailableError} when the device is lost
 * @example Usage
 * ```ts
 * import { getGpuContext, releaseGpuContext } from "../lib/gpu/device.ts";
 * import { metricReduceGpu, metricsFromSums } from "./metric_reduce.ts";
 * try {
 *   const ctx = await getGpuContext();
 *   const m = metricsFromSums(await metricReduceGpu(ctx, { actual: [1, 2, NaN], point: [1, 4, 0] }));
 *   if (m.n !== 2 || m.mae !== 1) throw new Error();
 * } catch (err) {
 *   if (!(err instanceof Error && err.name === "GpuUnavailableError")) throw err;
 * }
 * await releaseGpuContext();
 * ```
 */
export async function metricReduceGpu(
  ctx: GpuContext,
  input: MetricReduceInput,
  options: MetricReduceGpuOptions = {},
): Promise<MetricSums> {
  const c = check(input);
  const Q = c.levels.length;
  const slots = BASE_SLOTS + Q;
  const shift = chooseShift(input.actual);
  const actual = asF32(input.actual);
  const point = asF32(input.point);
  const values = c.values ? asF32(c.values) : new Float32Array(0);
  const tileSize = METRIC_REDUCE_WORKGROUP_SIZE * METRIC_REDUCE_ITEMS_PER_THREAD;
  const limit = Math.min(
    options.maxBindingBytes ?? Infinity,
    ctx.limits.maxStorageBufferBindingSize,
    ctx.limits.maxBufferSize,
  );
  const budget = Math.floor(limit / 4);
  // Elements per chunk: inputs, quantile rows and partials must fit; whole tiles only.
  const fit = Math.min(
    budget,
    Q > 0 ? Math.floor(budget / Q) : Infinity,
    Math.floor(budget / (2 * slots)) * tileSize,
    ctx.limits.maxComputeWorkgroupsPerDimension * tileSize,
  );
  const perChunk = fit >= tileSize ? Math.floor(fit / tileSize) * tileSize : fit;
  if (perChunk < 1 || (Q > 0 && Q > budget)) {
    throw new RangeError(
      `Cannot reduce metrics on the GPU: ${Q} quantile levels exceed the storage binding ` +
        `limit of ${limit} bytes; use the CPU path`,
    );
  }
  const totals = new Float64Array(slots);
  if (c.n > 0) {
    const device = ctx.device;
    const pipeline = await getPipeline(ctx, {
      name: "metric_reduce",
      code: WGSL,
      entryPoint: "main",
      constants: {
        WORKGROUP_SIZE: METRIC_REDUCE_WORKGROUP_SIZE,
        ITEMS_PER_THREAD: METRIC_REDUCE_ITEMS_PER_THREAD,
      },
    });
    const buffers = new GpuBuffers(device);
    try {
      const levels = buffers.upload(
        Float32Array.from(c.levels.flatMap((l) => [l, l - 1])),
        "levels",
      );
      const encoder = device.createCommandEncoder();
      const regions: ReadRegion[] = [];
      const lo = c.interval ? c.lo : Q;
      const hi = c.interval ? c.hi : Q;
      for (let start = 0; start < c.n; start += perChunk) {
        const n = Math.min(perChunk, c.n - start);
        const tiles = Math.ceil(n / tileSize);
        const partials = buffers.output(tiles * slots * 2 * 4, "partials");
        encodePass(device, encoder, pipeline, {
          0: buffers.uniform(packParams(n, Q, lo, hi, shift)),
          1: buffers.upload(actual.subarray(start, start + n), "actual"),
          2: buffers.upload(point.subarray(start, start + n), "point"),
          3: buffers.upload(values.subarray(start * Q, (start + n) * Q), "quantiles"),
          4: levels,
          5: partials,
        }, { x: tiles, y: 1 + Q });
        regions.push({
          buffer: partials,
          byteLength: tiles * slots * 2 * 4,
          consume: (bytes) => {
            const f = new Float32Array(bytes.buffer, bytes.byteOffset, tiles * slots * 2);
            for (let t = 0; t < tiles; t++) {
              for (let s = 0; s < slots; s++) {
                const at = (t * slots + s) * 2;
                totals[s]! += f[at]! + f[at + 1]!;
              }
            }
          },
        });
      }
      await readBack(device, encoder, regions);
    } finally {
      buffers.destroy();
    }
  }
  return {
    count: totals[0]!,
    skipped: totals[1]!,
    shift,
    sumDev: totals[2]!,
    sumDevSq: totals[3]!,
    sumSqErr: totals[4]!,
    sumAbsErr: totals[5]!,
    sumAbsActual: totals[6]!,
    sumApe: totals[7]!,
    zeroActuals: totals[8]!,
    sumSape: totals[9]!,
    covered: c.interval && Q > 0 ? totals[10]! : 0,
    levels: c.levels,
    pinball: Array.from(totals.subarray(BASE_SLOTS)),
    interval: c.interval,
    ...(input.maseScale !== undefined ? { maseScale: input.maseScale } : {}),
  };
}

/** Options of {@linkcode metricsFromSums}. */
export interface MetricsFromSumsOptions {
  /** Seasonal scale for MASE; overrides `sums.maseScale`. @default {sums.maseScale} */
  maseScale?: number;
}

/**
 * Turns {@linkcode MetricSums} into a `MetricSet`:
 * RMSE = √(Σe²/n), MAE = Σ|e|/n, R² = 1 − Σe² / (Σ(y−c)² − (Σ(y−c))²/n),
 * MAPE = 100·Σ(|e|/|y|)/(n − zeros), WAPE = 100·Σ|e|/Σ|y|, sMAPE = 100·Σ(2|e|/(|y|+|p|))/n,
 * MASE = MAE / scale, pinball_τ = Σρ_τ/n, WQL = mean over τ of 2·Σρ_τ/Σ|y|,
 * coverage = share of actuals in [q_lo, q_hi]. Undefined ratios are NaN.
 *
 * @param sums the sums from {@linkcode metricReduceCpu} or {@linkcode metricReduceGpu}
 * @param options MASE scale
 * @returns the metric set
 * @example Usage
 * ```ts
 * import { metricReduceCpu, metricsFromSums } from "./metric_reduce.ts";
 * const m = metricsFromSums(metricReduceCpu({
 *   actual: [2, 4], point: [1, 5],
 *   quantiles: { levels: [0.1, 0.5, 0.9], values: [1, 2, 3, 3, 4, 5] },
 * }));
 * if (m.rmse !== 1 || m.coverage !== 1 || m.pinball?.["0.5"] !== 0) throw new Error();
 * ```
 */
export function metricsFromSums(sums: MetricSums, options: MetricsFromSumsOptions = {}): MetricSet {
  const n = sums.count;
  const mae = sums.sumAbsErr / n;
  const sst = sums.sumDevSq - (sums.sumDev * sums.sumDev) / n;
  const scale = options.maseScale ?? sums.maseScale;
  const Q = sums.levels.length;
  const out: MetricSet = {
    n,
    rmse: Math.sqrt(sums.sumSqErr / n),
    mae,
    r2: 1 - sums.sumSqErr / sst,
    mape: (100 * sums.sumApe) / (n - sums.zeroActuals),
    mapeSkipped: sums.zeroActuals,
    wape: (100 * sums.sumAbsErr) / sums.sumAbsActual,
    smape: (100 * sums.sumSape) / n,
    mase: scale !== undefined && scale > 0 ? mae / scale : NaN,
    wql: Q > 0 ? sums.pinball.reduce((a, p) => a + (2 * p) / sums.sumAbsActual, 0) / Q : NaN,
    coverage: sums.interval && Q > 0 ? sums.covered / n : NaN,
  };
  if (Q > 0) {
    out.pinball = Object.fromEntries(sums.levels.map((l, k) => [String(l), sums.pinball[k]! / n]));
  }
  return out;
}
