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
import type { GpuContext } from "../lib/gpu/device.ts";
import { getPipeline } from "../lib/gpu/pipeline_cache.ts";
import { GpuBuffers, readBack, type ReadRegion } from "../lib/gpu/buffers.ts";
import { encodePass } from "../lib/gpu/dispatch.ts";
import {
  checkMetricInput,
  chooseShift,
  type MetricReduceInput,
  type MetricSums,
} from "./_metric_sums.ts";

export {
  type MetricReduceInput,
  metricsFromSums,
  type MetricsFromSumsOptions,
  type MetricSums,
} from "./_metric_sums.ts";

/** Invocations per workgroup of the metric kernel (a power of two; reaches WGSL as an override). */
export const METRIC_REDUCE_WORKGROUP_SIZE = 64;
/** Elements each invocation adds before the workgroup tree (reaches WGSL as an override). */
export const METRIC_REDUCE_ITEMS_PER_THREAD = 32;
/** Slots before the per-quantile pairs (mirrors WGSL `BASE_SLOTS`). */
const BASE_SLOTS = 12;

/** Options of {@linkcode metricReduceGpu}. */
export interface MetricReduceGpuOptions {
  /**
   * Upper bound in bytes for one storage binding; larger inputs are reduced
   * in several dispatches. Lower it only to exercise the split in tests.
   * @default {the device's maxStorageBufferBindingSize (and maxBufferSize)}
   */
  maxBindingBytes?: number;
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
 * @throws {RangeError} when a quantile level is outside (0, 1), the interval is not two of
 *   the levels, or a forecast is NaN where the actual is known
 * @example Usage
 * ```ts
 * import { metricReduceCpu, metricsFromSums } from "@chronos-deno/chronos-deno/kernels";
 * const sums = metricReduceCpu({ actual: [1, 2, NaN], point: [1, 4, 0] });
 * const m = metricsFromSums(sums);
 * if (m.n !== 2 || m.mae !== 1 || sums.skipped !== 1) throw new Error();
 * ```
 */
export function metricReduceCpu(input: MetricReduceInput): MetricSums {
  const c = checkMetricInput(input);
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
    if (Number.isNaN(p)) {
      throw new RangeError(
        `Cannot score a NaN point forecast at step ${i} where the actual is ${y}`,
      );
    }
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
      if (values[i * Q + c.lo]! <= y && y <= values[i * Q + c.hi]!) s.covered++;
      for (let k = 0; k < Q; k++) {
        const f = values[i * Q + k]!;
        if (Number.isNaN(f)) {
          throw new RangeError(
            `Cannot score a NaN quantile forecast (step ${i}, level ${c.levels[k]}) ` +
              `where the actual is ${y}`,
          );
        }
        pinballSums[k]! += pinball(c.levels[k]!, y - f);
      }
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
 * import { metricReduceWorkBytes } from "@chronos-deno/chronos-deno/kernels";
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
 * @throws {RangeError} when a quantile level is outside (0, 1), the interval is not two of
 *   the levels, or a forecast is NaN where the actual is known
 * @throws {GpuUnavailableError} when the device is lost
 * @example Usage
 * ```ts
 * import { getGpuContext, releaseGpuContext } from "@chronos-deno/chronos-deno/gpu";
 * import { metricReduceGpu, metricsFromSums } from "@chronos-deno/chronos-deno/kernels";
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
  const c = checkMetricInput(input);
  const Q = c.levels.length;
  const slots = BASE_SLOTS + 2 * Q;
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
  const nanForecasts = totals[11]! +
    c.levels.reduce((a, _, k) => a + totals[BASE_SLOTS + 2 * k + 1]!, 0);
  if (nanForecasts > 0) {
    throw new RangeError(
      `Cannot score forecasts: ${nanForecasts} NaN forecast value(s) where the actual is known`,
    );
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
    covered: c.interval ? totals[10]! : 0,
    levels: c.levels,
    pinball: c.levels.map((_, k) => totals[BASE_SLOTS + 2 * k]!),
    interval: c.interval,
    ...(input.maseScale !== undefined ? { maseScale: input.maseScale } : {}),
  };
}
