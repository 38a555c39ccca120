/**
 * One AdamW optimizer step on flat f32 buffers, with gradient clipping by
 * global L2 norm: a WGSL kernel (norm reduction, then the update) and the
 * CPU loop used where no real GPU exists (WebAssembly SIMD, on several threads
 * for buffers from `adamWBuffers` with threads; a scalar loop without SIMD). Both follow
 * `torch.optim.AdamW` and `torch.nn.utils.clip_grad_norm_`.
 *
 * @module
 */

import WGSL from "./adam_w.wgsl" with { type: "text" };
import { adamWSimd, sumSquaresSimd } from "./_adam_w_simd.ts";
import { ShapeError } from "../lib/errors.ts";
import type { GpuContext } from "../lib/gpu/device.ts";
import { getPipeline } from "../lib/gpu/pipeline_cache.ts";
import { GpuBuffers, readBack, type ReadRegion } from "../lib/gpu/buffers.ts";
import { encodePass, gridFor } from "../lib/gpu/dispatch.ts";

/** Invocations per workgroup of the AdamW kernels (a power of two; reaches WGSL as an override). */
export const ADAM_W_WORKGROUP_SIZE = 256;
/** Gradients each invocation squares and adds before the workgroup tree (WGSL override). */
export const ADAM_W_ITEMS_PER_THREAD = 16;

/** Flat buffers of one optimizer: `params`, `m` and `v` are updated in place; `grads` is only read. */
export interface AdamWState {
  /** Parameters θ (all trainable tensors, flattened and concatenated). */
  params: Float32Array;
  /** Gradients of the loss with respect to `params`. */
  grads: Float32Array;
  /** First moments (zeros before step 1). */
  m: Float32Array;
  /** Second moments (zeros before step 1). */
  v: Float32Array;
}

/** Hyper-parameters of one step. */
export interface AdamWOptions {
  /** Learning rate of this step (> 0). */
  lr: number;
  /** Step number t, 1 for the first step (bias correction uses it). */
  step: number;
  /** β1. @default {0.9} */
  beta1?: number;
  /** β2. @default {0.999} */
  beta2?: number;
  /** ε added to the denominator. @default {1e-8} */
  eps?: number;
  /** Decoupled weight decay λ. @default {0.01} (torch's default) */
  weightDecay?: number;
  /** Clip the gradients to this global L2 norm first. @default {no clipping} */
  maxGradNorm?: number;
}

/** Options of {@linkcode adamWGpu}. */
export interface AdamWGpuOptions extends AdamWOptions {
  /**
   * Upper bound in bytes for one storage binding; larger buffers are updated
   * in chunks. Lower it only to exercise the split in tests.
   * @default {the device's maxStorageBufferBindingSize (and maxBufferSize)}
   */
  maxBindingBytes?: number;
}

/** What one step reports. */
export interface AdamWResult {
  /** Global L2 norm of the gradients before clipping. */
  gradNorm: number;
  /** Factor the gradients were multiplied by (1 when not clipped). */
  clipScale: number;
}

/** Scalars of one step, each rounded to f32 as torch does for a float32 tensor. */
interface StepScalars {
  decay: number;
  beta2: number;
  oneMinusBeta1: number;
  oneMinusBeta2: number;
  negStepSize: number;
  bc2Sqrt: number;
  eps: number;
  maxNorm: number;
  clip: boolean;
}

function scalars(state: AdamWState, o: AdamWOptions): StepScalars {
  const n = state.params.length;
  for (const [name, arr] of [["grads", state.grads], ["m", state.m], ["v", state.v]] as const) {
    if (!(arr instanceof Float32Array) || arr.length !== n) {
      throw new ShapeError(
        "adam_w",
        `Float32Array of ${n}`,
        `${arr?.length}`,
        `Cannot take an AdamW step: ${name} must be a Float32Array of ${n} values like params`,
      );
    }
  }
  const beta1 = o.beta1 ?? 0.9;
  const beta2 = o.beta2 ?? 0.999;
  const eps = o.eps ?? 1e-8;
  const wd = o.weightDecay ?? 0.01;
  const bad = (what: string, v: unknown) =>
    new RangeError(`Cannot take an AdamW step: ${what}, got ${v}`);
  if (!(o.lr > 0 && Number.isFinite(o.lr))) throw bad("lr must be a positive number", o.lr);
  if (!Number.isInteger(o.step) || o.step < 1) throw bad("step must be an integer ≥ 1", o.step);
  if (!(beta1 >= 0 && beta1 < 1)) throw bad("beta1 must be in [0, 1)", beta1);
  if (!(beta2 >= 0 && beta2 < 1)) throw bad("beta2 must be in [0, 1)", beta2);
  if (!(eps >= 0 && Number.isFinite(eps))) throw bad("eps must be ≥ 0", eps);
  if (!(wd >= 0 && Number.isFinite(wd))) throw bad("weightDecay must be ≥ 0", wd);
  const clip = o.maxGradNorm !== undefined && Number.isFinite(o.maxGradNorm);
  if (o.maxGradNorm !== undefined && !(o.maxGradNorm > 0)) {
    throw bad("maxGradNorm must be positive", o.maxGradNorm);
  }
  const f = Math.fround;
  return {
    decay: f(1 - o.lr * wd),
    beta2: f(beta2),
    oneMinusBeta1: f(1 - beta1),
    oneMinusBeta2: f(1 - beta2),
    negStepSize: f(-o.lr / (1 - beta1 ** o.step)),
    bc2Sqrt: f(Math.sqrt(1 - beta2 ** o.step)),
    eps: f(eps),
    maxNorm: clip ? f(o.maxGradNorm!) : 0,
    clip,
  };
}

/**
 * One AdamW step on the CPU, in f32 arithmetic (each operation rounded with
 * `Math.fround`) in the order torch uses. With g = grad · scale, t = `step`:
 *
 *   norm  = ‖grad‖₂ over all elements (float64), scale = min(1, maxGradNorm / (norm + 1e-6))
 *   θ ← θ · (1 − lr·λ)                               decoupled weight decay
 *   m ← m + (1 − β1)(g − m)                           = β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   θ ← θ − lr / (1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε)
 *
 * which is θ − lr·m̂/(√v̂ + ε) with m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ) and ε
 * added after the bias correction of v, as in `torch.optim.AdamW`
 * (amsgrad off). `grads` is not modified (torch scales it in place). The
 * update runs as a WebAssembly SIMD loop where available (the same f32
 * operations, so the same bits; 5–10× faster), else as a scalar loop.
 *
 * @param state params, grads and moments (params, m, v updated in place)
 * @param options lr, step, betas, eps, weight decay, clipping norm
 * @returns the gradient norm before clipping and the clip factor
 * @throws {ShapeError} when a buffer is not a Float32Array as long as params
 * @throws {RangeError} when a hyper-parameter is out of range
 * @example Usage
 * ```ts
 * import { adamWCpu } from "@chronos-deno/chronos-deno/kernels";
 * const state = {
 *   params: new Float32Array([1, -1]), grads: new Float32Array([3, 4]),
 *   m: new Float32Array(2), v: new Float32Array(2),
 * };
 * const { gradNorm, clipScale } = adamWCpu(state, { lr: 0.1, step: 1, maxGradNorm: 1 });
 * // the first step moves each parameter by about lr against its gradient's sign
 * if (gradNorm !== 5 || Math.abs(state.params[0]! - (1 * 0.999 - 0.1)) > 1e-6) throw new Error();
 * if (Math.abs(clipScale - 0.2) > 1e-6) throw new Error();
 * ```
 */
export function adamWCpu(state: AdamWState, options: AdamWOptions): AdamWResult {
  const s = scalars(state, options);
  const f = Math.fround;
  const { params, grads, m, v } = state;
  let sq = sumSquaresSimd(grads);
  if (sq === undefined) {
    sq = 0;
    for (let i = 0; i < grads.length; i++) sq += grads[i]! * grads[i]!;
  }
  const gradNorm = Math.sqrt(sq);
  const scale = s.clip ? f(Math.min(1, s.maxNorm / (gradNorm + 1e-6))) : 1;
  if (adamWSimd(params, grads, m, v, { ...s, scale })) return { gradNorm, clipScale: scale };
  // the same update without WebAssembly SIMD
  for (let i = 0; i < params.length; i++) {
    const g = f(grads[i]! * scale);
    const p = f(params[i]! * s.decay);
    const m1 = f(m[i]! + f(s.oneMinusBeta1 * f(g - m[i]!)));
    const v1 = f(f(v[i]! * s.beta2) + f(f(s.oneMinusBeta2 * g) * g));
    const denom = f(f(f(Math.sqrt(v1)) / s.bc2Sqrt) + s.eps);
    params[i] = p + f(s.negStepSize * f(m1 / denom));
    m[i] = m1;
    v[i] = v1;
  }
  return { gradNorm, clipScale: scale };
}

/**
 * Bytes one AdamW step moves (params, grads, m, v read; params, m, v
 * written): the work size for `chooseKernelPath`.
 *
 * @param parameterCount number of parameters
 * @returns bytes
 * @example Usage
 * ```ts
 * import { adamWWorkBytes } from "@chronos-deno/chronos-deno/kernels";
 * if (adamWWorkBytes(10) !== 280) throw new Error();
 * ```
 */
export function adamWWorkBytes(parameterCount: number): number {
  return 28 * parameterCount;
}

/**
 * The uniform struct, mirroring WGSL `Params` (16 × 4 bytes): n, partial_offset,
 * num_partials, clip_enabled (u32); max_norm, decay, beta2, one_minus_beta1,
 * one_minus_beta2, neg_step_size, bc2_sqrt, eps (f32); 4 × pad.
 */
function packParams(n: number, offset: number, partials: number, s: StepScalars): ArrayBuffer {
  const buf = new ArrayBuffer(64);
  new Uint32Array(buf, 0, 4).set([n, offset, partials, s.clip ? 1 : 0]);
  new Float32Array(buf, 16, 8).set([
    s.maxNorm,
    s.decay,
    s.beta2,
    s.oneMinusBeta1,
    s.oneMinusBeta2,
    s.negStepSize,
    s.bc2Sqrt,
    s.eps,
  ]);
  return buf;
}

/**
 * One AdamW step with the WGSL kernels: the same formula as
 * {@linkcode adamWCpu} (see there), the gradient norm reduced on the GPU from
 * compensated f32 partial sums. Buffers are uploaded, updated and read back
 * in one submission, in chunks when they exceed the binding limit.
 *
 * @param ctx the GPU context (from `getGpuContext()`)
 * @param state params, grads and moments (params, m, v updated in place)
 * @param options lr, step, betas, eps, weight decay, clipping norm, binding limit
 * @returns the gradient norm before clipping and the clip factor
 * @throws {ShapeError} when a buffer is not a Float32Array as long as params
 * @throws {RangeError} when a hyper-parameter is out of range
 * @throws {GpuUnavailableError} when the device is lost
 * @example Usage
 * ```ts
 * import { getGpuContext, releaseGpuContext } from "@chronos-deno/chronos-deno/gpu";
 * import { adamWGpu } from "@chronos-deno/chronos-deno/kernels";
 * try {
 *   const ctx = await getGpuContext();
 *   const state = {
 *     params: new Float32Array([1, -1]), grads: new Float32Array([3, 4]),
 *     m: new Float32Array(2), v: new Float32Array(2),
 *   };
 *   const { gradNorm } = await adamWGpu(ctx, state, { lr: 0.1, step: 1 });
 *   if (Math.abs(gradNorm - 5) > 1e-5) throw new Error();
 * } catch (err) {
 *   if (!(err instanceof Error && err.name === "GpuUnavailableError")) throw err;
 * }
 * await releaseGpuContext();
 * ```
 */
export async function adamWGpu(
  ctx: GpuContext,
  state: AdamWState,
  options: AdamWGpuOptions,
): Promise<AdamWResult> {
  const s = scalars(state, options);
  const n = state.params.length;
  if (n === 0) return { gradNorm: 0, clipScale: 1 };
  const tileSize = ADAM_W_WORKGROUP_SIZE * ADAM_W_ITEMS_PER_THREAD;
  const limit = Math.min(
    options.maxBindingBytes ?? Infinity,
    ctx.limits.maxStorageBufferBindingSize,
    ctx.limits.maxBufferSize,
  );
  const budget = Math.floor(limit / 4);
  const perChunk = budget >= tileSize ? Math.floor(budget / tileSize) * tileSize : budget;
  if (perChunk < 1) {
    throw new RangeError(
      `Cannot take an AdamW step on the GPU: binding limit ${limit} is too small`,
    );
  }
  const device = ctx.device;
  const pipeline = (entryPoint: string) =>
    getPipeline(ctx, {
      name: "adam_w",
      code: WGSL,
      entryPoint,
      constants: {
        WORKGROUP_SIZE: ADAM_W_WORKGROUP_SIZE,
        ITEMS_PER_THREAD: ADAM_W_ITEMS_PER_THREAD,
      },
    });
  const [sumSquares, finalize, step] = await Promise.all([
    pipeline("sum_squares"),
    pipeline("finalize_norm"),
    pipeline("adam_step"),
  ]);
  const maxWg = ctx.limits.maxComputeWorkgroupsPerDimension;
  const buffers = new GpuBuffers(device);
  try {
    const chunks: { start: number; n: number; tiles: number; offset: number }[] = [];
    let numPartials = 0;
    for (let start = 0; start < n; start += perChunk) {
      const len = Math.min(perChunk, n - start);
      const tiles = Math.ceil(len / tileSize);
      chunks.push({ start, n: len, tiles, offset: numPartials });
      numPartials += tiles;
    }
    if (numPartials * 2 > budget) {
      throw new RangeError(`Cannot take an AdamW step on the GPU: ${n} parameters are too many`);
    }
    const partials = buffers.output(numPartials * 2 * 4, "partials");
    const clip = buffers.output(2 * 4, "clip");
    const encoder = device.createCommandEncoder();
    const uploaded = chunks.map((c) => {
      const sub = (a: Float32Array) => a.subarray(c.start, c.start + c.n);
      return {
        params: buffers.uniform(packParams(c.n, c.offset, numPartials, s)),
        grads: buffers.upload(sub(state.grads), "grads"),
        theta: buffers.upload(sub(state.params), "theta"),
        m: buffers.upload(sub(state.m), "m"),
        v: buffers.upload(sub(state.v), "v"),
      };
    });
    chunks.forEach((c, k) => {
      const u = uploaded[k]!;
      encodePass(
        device,
        encoder,
        sumSquares,
        { 0: u.params, 1: u.grads, 2: partials },
        gridFor(c.tiles, maxWg),
      );
    });
    encodePass(device, encoder, finalize, { 0: uploaded[0]!.params, 2: partials, 3: clip }, {
      x: 1,
      y: 1,
    });
    chunks.forEach((c, k) => {
      const u = uploaded[k]!;
      encodePass(
        device,
        encoder,
        step,
        { 0: u.params, 1: u.grads, 3: clip, 4: u.theta, 5: u.m, 6: u.v },
        gridFor(Math.ceil(c.n / ADAM_W_WORKGROUP_SIZE), maxWg),
      );
    });
    const result: AdamWResult = { gradNorm: NaN, clipScale: NaN };
    const regions: ReadRegion[] = [{
      buffer: clip,
      byteLength: 8,
      consume: (b) => {
        const f = new Float32Array(b.buffer, b.byteOffset, 2);
        result.gradNorm = f[0]!;
        result.clipScale = f[1]!;
      },
    }];
    chunks.forEach((c, k) => {
      const u = uploaded[k]!;
      for (
        const [buffer, dest] of [[u.theta, state.params], [u.m, state.m], [u.v, state.v]] as const
      ) {
        regions.push({
          buffer,
          byteLength: c.n * 4,
          consume: (b) => dest.set(new Float32Array(b.buffer, b.byteOffset, c.n), c.start),
        });
      }
    });
    await readBack(device, encoder, regions);
    return result;
  } finally {
    buffers.destroy();
  }
}
