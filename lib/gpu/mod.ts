/**
 * WebGPU plumbing shared by the kernels: the one owner of `navigator.gpu`
 * (a lazily created device with the largest storage binding), cached
 * pipelines, buffer upload/read-back, 2-D dispatch grids, and the choice
 * between a kernel's GPU and CPU paths (`--device auto|webgpu|cpu`).
 *
 * @example Usage
 * ```ts
 * import { chooseKernelPath, releaseGpuContext } from "@chronos-deno/chronos-deno/gpu";
 * const choice = await chooseKernelPath("auto", 44e6, { kernel: "metric_reduce" });
 * if (choice.path !== "cpu" && choice.path !== "webgpu") throw new Error(choice.reason);
 * await releaseGpuContext();
 * ```
 *
 * @module
 */

export * from "./device.ts";
export * from "./pipeline_cache.ts";
export * from "./buffers.ts";
export * from "./dispatch.ts";
export * from "./select.ts";
export * from "./choose_kernel.ts";
