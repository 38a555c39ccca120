/**
 * Choosing a kernel's path (WGSL on WebGPU, or the CPU loop) for a piece of
 * work: lib/gpu's `chooseKernelPath` from `--device` and the work's size,
 * then the GPU opened when it wins. A GPU that cannot be opened falls back to
 * the CPU with a warning.
 *
 * @module
 */

import { GpuUnavailableError } from "../errors.ts";
import { getGpuContext, type GpuContext } from "./device.ts";
import { chooseKernelPath, type Device, type KernelName, type KernelPathName } from "./select.ts";

/** Which path a kernel runs on, and why. */
export interface KernelChoice {
  /** The path used. */
  path: KernelPathName;
  /** Why (from the selection, or the fallback). */
  reason: string;
}

/** Callbacks of the kernel choice. */
export interface KernelChoiceOptions {
  /** Told when a GPU path was chosen but could not start. */
  onWarning?: ((message: string) => void) | undefined;
}

/**
 * Chooses a kernel path for `workSize` elements and opens the GPU when the
 * WebGPU path wins; falls back to the CPU (with a warning) when it cannot.
 *
 * @param kernel which kernel (for its CPU rate)
 * @param device the --device value
 * @param workBytes bytes the kernel reads and writes
 * @param options warning sink
 * @returns the choice, and the GPU context when the path is WebGPU
 * @example Usage
 * ```ts
 * import { chooseKernel } from "@chronos-deno/chronos-deno/gpu";
 * import { equal } from "node:assert/strict";
 * equal((await chooseKernel("metric_reduce", "cpu", 10)).path, "cpu");
 * ```
 */
export async function chooseKernel(
  kernel: KernelName,
  device: Device,
  workBytes: number,
  options: KernelChoiceOptions = {},
): Promise<KernelChoice & { ctx?: GpuContext }> {
  try {
    const choice = await chooseKernelPath(device, workBytes, { kernel });
    if (choice.path === "cpu") return { path: "cpu", reason: choice.reason };
    const ctx = await getGpuContext(options.onWarning ? { onWarning: options.onWarning } : {});
    return { path: "webgpu", reason: choice.reason, ctx };
  } catch (err) {
    if (!(err instanceof GpuUnavailableError)) throw err;
    const reason = `WebGPU could not start (${err.message}), using the CPU`;
    options.onWarning?.(reason);
    return { path: "cpu", reason };
  }
}
