/**
 * The window kernel's path for an evaluation: WGSL on WebGPU or the CPU loop,
 * chosen by lib/gpu's `chooseKernel` from `--device` and the size of the
 * work (the metric kernel's path is chosen by lib/metrics' scorer).
 *
 * @module
 */

import { chooseKernel, type KernelChoice, type KernelChoiceOptions } from "../gpu/choose_kernel.ts";
import type { Device } from "../gpu/select.ts";
import {
  windowGatherCpu,
  windowGatherGpu,
  windowGatherWorkBytes,
} from "../../kernels/window_gather.ts";
import type { GatherFn, GatherInput } from "./forecast_windows.ts";

/**
 * Chooses the window kernel's path and returns the matching gather function.
 *
 * @param device the --device value
 * @param work the whole evaluation's gather input (all origins), for its size
 * @param options warning sink
 * @returns the choice and its gather function
 * @example Usage
 * ```ts
 * import { chooseWindowKernel } from "@chronos-deno/chronos-deno/evaluate";
 * import { equal } from "node:assert/strict";
 * const input = { series: [new Float32Array([1, 2, 3])], origins: [2], contextLength: 2,
 *   predictionLength: 1 };
 * const k = await chooseWindowKernel("cpu", input);
 * const b = await k.gather(input);
 * equal(b.target[0], 3);
 * ```
 */
export async function chooseWindowKernel(
  device: Device,
  work: GatherInput,
  options: KernelChoiceOptions = {},
): Promise<KernelChoice & { gather: GatherFn }> {
  const k = await chooseKernel("window_gather", device, windowGatherWorkBytes(work), options);
  const ctx = k.ctx;
  const gather: GatherFn = ctx ? (input) => windowGatherGpu(ctx, input) : windowGatherCpu;
  return { path: k.path, reason: k.reason, gather };
}
