/**
 * The update side of fine-tuning: clipping + AdamW on flat parameter,
 * gradient and moment buffers, through the AdamW kernel (WGSL on a GPU, the
 * WebAssembly SIMD loop otherwise, on several threads where the buffers can
 * be shared).
 *
 * @module
 */

import { adamWBuffers } from "../../kernels/_adam_w_simd.ts";
import { adamWCpu, adamWGpu } from "../../kernels/adam_w.ts";
import { GpuUnavailableError } from "../errors.ts";
import { getGpuContext } from "../gpu/device.ts";
import type { Device } from "../gpu/select.ts";

/** Hyper-parameters of one AdamW update. */
export interface AdamWHyper {
  /** 1-based step (bias correction). */
  step: number;
  /** Learning rate of this step. */
  lr: number;
  /** β1. */
  beta1: number;
  /** β2. */
  beta2: number;
  /** ε. */
  eps: number;
  /** Decoupled weight decay. */
  weightDecay: number;
  /** Clip the gradients to this global L2 norm first. */
  maxGradNorm: number;
}

/** Flat optimizer buffers: `params`, `m`, `v` are updated in place. */
export interface OptimizerState {
  /** Trainable parameters, flat. */
  params: Float32Array;
  /** Their (mean) gradients. */
  grads: Float32Array;
  /** First moments. */
  m: Float32Array;
  /** Second moments. */
  v: Float32Array;
}

/** The update side: clipping + AdamW on flat buffers (kernels/adam_w.ts in practice). */
export interface OptimizerBackend {
  /** Clips, then takes one AdamW step; returns the gradient norm before clipping. */
  step(
    state: OptimizerState,
    hyper: AdamWHyper,
  ): { gradNorm: number } | Promise<{ gradNorm: number }>;
  /**
   * Zeroed flat buffers of `size` values laid out where `step` runs fastest
   * (the CPU kernel's own WebAssembly memory: updated in place, no copies);
   * absent or null: the caller allocates plain arrays.
   */
  allocate?(size: number, options?: AllocateOptions): OptimizerState | null;
}

/** Options of {@linkcode OptimizerBackend.allocate}. */
export interface AllocateOptions {
  /**
   * The buffers may live in shared memory (`SharedArrayBuffer`), which lets
   * several threads update them: only when everything that reads them takes
   * shared memory (ORT's C API does, onnxruntime-node does not). @default {false}
   */
  shared?: boolean;
}

/**
 * Threads of the CPU kernels over shared buffers (the AdamW update, the
 * dropout masks): the cores, up to 4 (memory-bound beyond).
 *
 * @returns the threads, the calling one included
 * @example Usage
 * ```ts
 * import { cpuKernelThreads } from "@chronos-deno/chronos-deno/optim";
 * const n = cpuKernelThreads();
 * if (n < 1 || n > 4) throw new Error();
 * ```
 */
export function cpuKernelThreads(): number {
  return Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
}

/**
 * The AdamW kernel as an {@linkcode OptimizerBackend}: the WGSL kernel on a
 * GPU device, the CPU loop otherwise (WebAssembly SIMD, threaded over shared
 * buffers from `allocate`; also the fallback when no adapter is usable).
 *
 * @param device "cpu", "webgpu", or "auto" (WebGPU when a non-fallback adapter exists)
 * @param onInfo receives one line saying which path runs
 * @returns the backend
 * @example Usage
 * ```ts
 * import { adamWBackend } from "@chronos-deno/chronos-deno/optim";
 * import assert from "node:assert/strict";
 * const opt = await adamWBackend("cpu");
 * const state = { params: new Float32Array([1]), grads: new Float32Array([2]),
 *   m: new Float32Array(1), v: new Float32Array(1) };
 * const { gradNorm } = await opt.step(state, { step: 1, lr: 0.1, beta1: 0.9, beta2: 0.999,
 *   eps: 1e-8, weightDecay: 0, maxGradNorm: 1 });
 * assert.equal(gradNorm, 2);
 * ```
 */
export async function adamWBackend(
  device: Device = "cpu",
  onInfo?: (line: string) => void,
): Promise<OptimizerBackend> {
  // lr 0 (a warm-up's first step) is not a valid kernel rate; the smallest float32 moves nothing
  const rate = (h: AdamWHyper) => ({ ...h, lr: Math.max(h.lr, 1e-45) });
  if (device !== "cpu") {
    try {
      const ctx = await getGpuContext();
      if (device === "webgpu" || !ctx.adapter.isFallbackAdapter) {
        onInfo?.(`AdamW: WGSL kernel on ${ctx.adapter.description || "the GPU"}`);
        return { step: (state, h) => adamWGpu(ctx, state, rate(h)) };
      }
    } catch (err) {
      if (device === "webgpu" || !(err instanceof GpuUnavailableError)) throw err;
    }
  }
  onInfo?.(
    `AdamW: WebAssembly SIMD loop on the CPU (${cpuKernelThreads()} threads where its buffers can be shared)`,
  );
  return {
    step: (state, h) => adamWCpu(state, rate(h)),
    allocate: (size, o) => adamWBuffers(size, { threads: o?.shared ? cpuKernelThreads() : 1 }),
  };
}
