/**
 * Window tensorization: from series rows (a target and its covariates) and
 * forecast origins, the batch the model needs: NaN-left-padded contexts,
 * known-future covariates, target actuals and group ids. A WGSL kernel and a
 * CPU loop with the same semantics, bit for bit.
 *
 * @module
 */

import WGSL from "./window_gather.wgsl" with { type: "text" };
import { ShapeError } from "../lib/errors.ts";
import type { GpuContext } from "../lib/gpu/device.ts";
import { getPipeline } from "../lib/gpu/pipeline_cache.ts";
import { GpuBuffers, readBack, type ReadRegion } from "../lib/gpu/buffers.ts";
import { encodePass, gridFor } from "../lib/gpu/dispatch.ts";

/** Invocations per workgroup of the window kernel (reaches WGSL as an override). */
export const WINDOW_GATHER_WORKGROUP_SIZE = 256;

/** Series rows and forecast origins to cut windows from. */
export interface WindowGatherInput {
  /** Row 0 = target, then covariates; all of the same length T. */
  series: Float32Array[];
  /** First forecast step of each window, integers in [0, T]. */
  origins: Int32Array | readonly number[];
  /** Context length L (≥ 1): rows [o − L, o) of each series row. */
  contextLength: number;
  /** Prediction length H (≥ 1): steps o .. o + H − 1. */
  predictionLength: number;
  /**
   * Per series row: whether its values at o .. o + H − 1 are known in advance
   * (calendar, tariff) and go into `future`. Normally false for the target.
   * @default {all false}
   */
  futureKnown?: readonly boolean[];
}

/** One batch of windows; window b owns rows b·R .. b·R + R − 1. */
export interface WindowBatch {
  /** Rows per window R (= number of series rows). */
  rowsPerWindow: number;
  /** [B·R, L] contexts, NaN-left-padded where o < L. */
  context: Float32Array;
  /** [B·R, H] known-future values, NaN where the row is not known in advance or beyond T. */
  future: Float32Array;
  /** [B, H] target actuals, NaN beyond T. */
  target: Float32Array;
  /** [B·R] window index of each row. */
  groupIds: Int32Array;
}

/** Options of {@linkcode windowGatherGpu}. */
export interface WindowGatherGpuOptions {
  /**
   * Upper bound in bytes for one storage binding. Batches whose buffers would
   * exceed it are split into several dispatches. Lower it only to exercise
   * the split in tests.
   * @default {the device's maxStorageBufferBindingSize (and maxBufferSize)}
   */
  maxBindingBytes?: number;
}

interface Checked {
  rows: number;
  length: number;
  contextLength: number;
  predictionLength: number;
  origins: Int32Array;
  known: boolean[];
}

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) {
    throw new RangeError(`Cannot gather windows: ${name} must be a positive integer, got ${v}`);
  }
  return v;
}

function check(input: WindowGatherInput): Checked {
  const { series } = input;
  if (!Array.isArray(series) || series.length === 0) {
    throw new TypeError("Cannot gather windows: series needs at least the target row");
  }
  const length = series[0]!.length;
  series.forEach((row, r) => {
    if (!(row instanceof Float32Array)) {
      throw new TypeError(`Cannot gather windows: series row ${r} must be a Float32Array`);
    }
    if (row.length !== length) {
      throw new ShapeError(
        "window_gather",
        `rows of length ${length}`,
        `row ${r} of length ${row.length}`,
        `Cannot gather windows: series row ${r} has ${row.length} values, row 0 has ${length}; ` +
          "give rows of equal length",
      );
    }
  });
  const contextLength = positiveInt("contextLength", input.contextLength);
  const predictionLength = positiveInt("predictionLength", input.predictionLength);
  const origins = Int32Array.from(input.origins as ArrayLike<number>);
  for (let b = 0; b < input.origins.length; b++) {
    const o = input.origins[b]!;
    if (!Number.isInteger(o) || o < 0 || o > length) {
      throw new RangeError(
        `Cannot gather windows: origin ${b} is ${o}; origins must be integers in [0, ${length}]`,
      );
    }
  }
  const known = series.map((_, r) => input.futureKnown?.[r] ?? false);
  if (input.futureKnown && input.futureKnown.length !== series.length) {
    throw new ShapeError(
      "window_gather",
      `${series.length} futureKnown flags`,
      `${input.futureKnown.length}`,
      `Cannot gather windows: futureKnown has ${input.futureKnown.length} flags for ` +
        `${series.length} series rows; give one per row`,
    );
  }
  return { rows: series.length, length, contextLength, predictionLength, origins, known };
}

function allocate(c: Checked): WindowBatch {
  const b = c.origins.length;
  return {
    rowsPerWindow: c.rows,
    context: new Float32Array(b * c.rows * c.contextLength),
    future: new Float32Array(b * c.rows * c.predictionLength),
    target: new Float32Array(b * c.predictionLength),
    groupIds: new Int32Array(b * c.rows),
  };
}

/**
 * Cuts windows on the CPU: the test oracle and the fallback of
 * {@linkcode windowGatherGpu}, with identical results bit for bit.
 *
 * @param input series rows, origins, L, H and known-future flags
 * @returns the batch
 * @throws {TypeError} when `series` is empty or not Float32Array rows
 * @throws {ShapeError} when rows differ in length or `futureKnown` has the wrong length
 * @throws {RangeError} when L or H is not a positive integer or an origin is outside [0, T]
 * @example Usage
 * ```ts
 * import { windowGatherCpu } from "@chronos-deno/chronos-deno/kernels";
 * const batch = windowGatherCpu({
 *   series: [new Float32Array([1, 2, 3, 4, 5])],
 *   origins: [1, 4],
 *   contextLength: 2,
 *   predictionLength: 2,
 * });
 * // window 0: context [NaN, 1], target [2, 3]; window 1: context [3, 4], target [5, NaN]
 * if (batch.context[1] !== 1 || batch.target[3] === batch.target[3]) throw new Error();
 * ```
 */
export function windowGatherCpu(input: WindowGatherInput): WindowBatch {
  const c = check(input);
  const out = allocate(c);
  const { rows: R, length: T, contextLength: L, predictionLength: H } = c;
  for (let b = 0; b < c.origins.length; b++) {
    const o = c.origins[b]!;
    const start = o - L;
    const pad = Math.max(0, -start);
    const avail = Math.max(0, Math.min(H, T - o));
    for (let r = 0; r < R; r++) {
      const row = input.series[r]!;
      const wr = b * R + r;
      const ctx = out.context.subarray(wr * L, wr * L + L);
      if (pad > 0) ctx.fill(NaN, 0, pad);
      ctx.set(row.subarray(start + pad, o), pad);
      const fut = out.future.subarray(wr * H, wr * H + H);
      if (c.known[r]) {
        fut.set(row.subarray(o, o + avail));
        fut.fill(NaN, avail);
      } else {
        fut.fill(NaN);
      }
      out.groupIds[wr] = b;
    }
    const tgt = out.target.subarray(b * H, b * H + H);
    tgt.set(input.series[0]!.subarray(o, o + avail));
    tgt.fill(NaN, avail);
  }
  return out;
}

/**
 * Bytes a window gather moves (series and origins read; context, future,
 * target and group ids written): the work size for `chooseKernelPath`.
 *
 * @param input the gather input (only its sizes are used)
 * @returns bytes
 * @example Usage
 * ```ts
 * import { windowGatherWorkBytes } from "@chronos-deno/chronos-deno/kernels";
 * const bytes = windowGatherWorkBytes({
 *   series: [new Float32Array(10)], origins: [5], contextLength: 4, predictionLength: 2,
 * });
 * if (bytes !== 4 * (6 + 2 + 1) + 4 * (10 + 1)) throw new Error();
 * ```
 */
export function windowGatherWorkBytes(input: WindowGatherInput): number {
  const R = input.series.length;
  const T = input.series[0]?.length ?? 0;
  const B = input.origins.length;
  const { contextLength: L, predictionLength: H } = input;
  return 4 * (B * R * (L + H) + B * H + B * R) + 4 * (R * T + B);
}

/** Largest n ≤ cap with n·per ≤ budget for every `per` in `sizes` (0 when none fits). */
function largestFitting(cap: number, budget: number, sizes: number[]): number {
  let n = cap;
  for (const per of sizes) if (per > 0) n = Math.min(n, Math.floor(budget / per));
  return n;
}

/**
 * The uniform struct, mirroring WGSL `Params` (8 × u32):
 * windows, rows, length, context_length, prediction_length, window_offset, row_offset, _pad.
 */
function packParams(values: readonly number[]): ArrayBuffer {
  const u = new Uint32Array(8);
  u.set(values);
  return u.buffer;
}

/**
 * Cuts windows with the WGSL kernel: one dispatch per chunk, where chunks
 * exist only when a buffer would exceed the storage binding limit. Results
 * are bit-identical to {@linkcode windowGatherCpu}.
 *
 * @param ctx the GPU context (from `getGpuContext()`)
 * @param input series rows, origins, L, H and known-future flags
 * @param options binding limit override (tests)
 * @returns the batch
 * @throws {TypeError} when `series` is empty or not Float32Array rows
 * @throws {ShapeError} when rows differ in length or `futureKnown` has the wrong length
 * @throws {RangeError} when L or H is not a positive integer, an origin is outside
 *   [0, T], or a single row is larger than one binding
 * @throws {GpuUnavailableError} when the device is lost
 * @example Usage
 * ```ts
 * import { getGpuContext, releaseGpuContext } from "@chronos-deno/chronos-deno/gpu";
 * import { windowGatherGpu } from "@chronos-deno/chronos-deno/kernels";
 * try {
 *   const ctx = await getGpuContext();
 *   const batch = await windowGatherGpu(ctx, {
 *     series: [new Float32Array([1, 2, 3, 4, 5])], origins: [1, 4], contextLength: 2, predictionLength: 2,
 *   });
 *   if (batch.context[1] !== 1) throw new Error();
 * } catch (err) {
 *   if (!(err instanceof Error && err.name === "GpuUnavailableError")) throw err;
 * }
 * await releaseGpuContext();
 * ```
 */
export async function windowGatherGpu(
  ctx: GpuContext,
  input: WindowGatherInput,
  options: WindowGatherGpuOptions = {},
): Promise<WindowBatch> {
  const c = check(input);
  const out = allocate(c);
  const B = c.origins.length;
  if (B === 0) return out;
  const { rows: R, length: T, contextLength: L, predictionLength: H } = c;

  const limit = Math.min(
    options.maxBindingBytes ?? Infinity,
    ctx.limits.maxStorageBufferBindingSize,
    ctx.limits.maxBufferSize,
  );
  const budget = Math.floor(limit / 4);
  const rowsPerChunk = largestFitting(R, budget, [T, L, H, 1]);
  const windowsPerChunk = largestFitting(B, budget, [
    rowsPerChunk * L,
    rowsPerChunk * H,
    H,
    rowsPerChunk,
    1,
  ]);
  if (rowsPerChunk < 1 || windowsPerChunk < 1) {
    throw new RangeError(
      `Cannot gather windows on the GPU: one row of ${Math.max(T, L, H)} values exceeds the ` +
        `storage binding limit of ${limit} bytes; use the CPU path`,
    );
  }

  const device = ctx.device;
  const pipeline = await getPipeline(ctx, {
    name: "window_gather",
    code: WGSL,
    entryPoint: "main",
    constants: { WORKGROUP_SIZE: WINDOW_GATHER_WORKGROUP_SIZE },
  });
  const bytes = {
    context: new Uint8Array(out.context.buffer),
    future: new Uint8Array(out.future.buffer),
    target: new Uint8Array(out.target.buffer),
    groupIds: new Uint8Array(out.groupIds.buffer),
  };

  for (let r0 = 0; r0 < R; r0 += rowsPerChunk) {
    const nr = Math.min(rowsPerChunk, R - r0);
    const buffers = new GpuBuffers(device);
    try {
      const series = buffers.upload(input.series.slice(r0, r0 + nr), "series");
      const known = buffers.upload(Uint32Array.from(c.known.slice(r0, r0 + nr), Number), "known");
      const nbMax = Math.min(windowsPerChunk, B);
      const contextOut = buffers.output(nbMax * nr * L * 4, "context");
      const futureOut = buffers.output(nbMax * nr * H * 4, "future");
      const targetOut = buffers.output(nbMax * H * 4, "target");
      const groupOut = buffers.output(nbMax * nr * 4, "group_ids");
      for (let b0 = 0; b0 < B; b0 += windowsPerChunk) {
        const nb = Math.min(windowsPerChunk, B - b0);
        const origins = buffers.upload(c.origins.subarray(b0, b0 + nb), "origins");
        const params = buffers.uniform(packParams([nb, nr, T, L, H, b0, r0, 0]));
        const encoder = device.createCommandEncoder();
        const threads = nb * nr * (L + H);
        encodePass(
          device,
          encoder,
          pipeline,
          {
            0: params,
            1: series,
            2: origins,
            3: known,
            4: contextOut,
            5: futureOut,
            6: targetOut,
            7: groupOut,
          },
          gridFor(
            Math.ceil(threads / WINDOW_GATHER_WORKGROUP_SIZE),
            ctx.limits.maxComputeWorkgroupsPerDimension,
          ),
        );
        const regions: ReadRegion[] = [
          {
            buffer: contextOut,
            byteLength: nb * nr * L * 4,
            consume: scatter(bytes.context, b0, nb, r0, nr, R, L * 4),
          },
          {
            buffer: futureOut,
            byteLength: nb * nr * H * 4,
            consume: scatter(bytes.future, b0, nb, r0, nr, R, H * 4),
          },
          {
            buffer: groupOut,
            byteLength: nb * nr * 4,
            consume: scatter(bytes.groupIds, b0, nb, r0, nr, R, 4),
          },
        ];
        if (r0 === 0) {
          regions.push({
            buffer: targetOut,
            byteLength: nb * H * 4,
            consume: (src) => bytes.target.set(src, b0 * H * 4),
          });
        }
        await readBack(device, encoder, regions);
      }
    } finally {
      buffers.destroy();
    }
  }
  return out;
}

/**
 * Places a chunk laid out [nb, nr, rowBytes] into a result laid out
 * [B, R, rowBytes] at window b0, row r0.
 */
function scatter(
  dest: Uint8Array,
  b0: number,
  nb: number,
  r0: number,
  nr: number,
  R: number,
  rowBytes: number,
): (src: Uint8Array) => void {
  return (src) => {
    if (nr === R) {
      dest.set(src, b0 * R * rowBytes);
      return;
    }
    const chunk = nr * rowBytes;
    for (let b = 0; b < nb; b++) {
      dest.set(src.subarray(b * chunk, (b + 1) * chunk), ((b0 + b) * R + r0) * rowBytes);
    }
  };
}
