/**
 * The kernel paths of an evaluation: which implementation (WGSL on WebGPU, or
 * the CPU loop) builds the windows and reduces the metrics, chosen by
 * lib/gpu's `chooseKernelPath` from `--device` and the size of the work. A
 * GPU that cannot be opened falls back to the CPU with a warning.
 *
 * @module
 */

import { GpuUnavailableError } from "../errors.ts";
import { getGpuContext, type GpuContext } from "../gpu/device.ts";
import { chooseKernelPath, type KernelName } from "../gpu/select.ts";
import {
  windowGatherCpu,
  windowGatherGpu,
  windowGatherWorkBytes,
} from "../../kernels/window_gather.ts";
import type { GatherFn, GatherInput } from "./forecast_windows.ts";

/** Which path a kernel runs on, and why. */
export interface KernelChoice {
  /** The path used. */
  path: "cpu" | "webgpu";
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
 * import { chooseKernel } from "./kernel_paths.ts";
 * import { equal } from "node:assert/strict";
 * equal((await chooseKernel("metric_reduce", "cpu", 10)).path, "cpu");
 * ```
 */
export async function chooseKernel(
  kernel: KernelName,
  device: "auto" | "cpu" | "webgpu",
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

/**
 * Chooses the window kernel's path and returns the matching gather function.
 *
 * @param device the --device value
 * @param work the whole evaluation's gather input (all origins), for its size
 * @param options warning sink
 * @returns the choice and its gather function
 * @example Usage
 * ```ts
 * import { chooseWindowKernel } from "./kernel_paths.ts";
 * import { equal } from "node:assert/strict";
 * const input = { series: [new Float32Array([1, 2, 3])], origins: [2], contextLength: 2,
 *   horizon: 1 };
 * const k = await chooseWindowKernel("cpu", input);
 * const b = await k.gather(input);
 * equal(b.target[0], 3);
 * ```
 */
export async function chooseWindowKernel(
  device: "auto" | "cpu" | "webgpu",
  work: GatherInput,
  options: KernelChoiceOptions = {},
): Promise<KernelChoice & { gather: GatherFn }> {
  const k = await chooseKernel("window_gather", device, windowGatherWorkBytes(work), options);
  const ctx = k.ctx;
  const gather: GatherFn = ctx ? (input) => windowGatherGpu(ctx, input) : windowGatherCpu;
  return { path: k.path, reason: k.reason, gather };
}
