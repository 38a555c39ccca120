/**
 * Compute pipelines cached per device, keyed by kernel name, entry point and
 * override constants, so that one pipeline serves every shape.
 *
 * @module
 */

import type { GpuContext } from "./device.ts";

/** What identifies a compute pipeline. */
export interface PipelineSpec {
  /** Kernel name, e.g. `"window_gather"` (part of the cache key). */
  name: string;
  /** WGSL source. */
  code: string;
  /** Entry point in `code`. */
  entryPoint: string;
  /** Values of the shader's `override` constants (part of the cache key). */
  constants?: Record<string, number>;
}

const pipelines = new WeakMap<GPUDevice, Map<string, Promise<GPUComputePipeline>>>();
const modules = new WeakMap<GPUDevice, Map<string, GPUShaderModule>>();

function cacheKey(spec: PipelineSpec): string {
  const constants = Object.entries(spec.constants ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  return `${spec.name}#${spec.entryPoint}#${constants}`;
}

function shaderModule(device: GPUDevice, spec: PipelineSpec): GPUShaderModule {
  let byName = modules.get(device);
  if (!byName) {
    byName = new Map();
    modules.set(device, byName);
  }
  let module = byName.get(spec.name);
  if (!module) {
    module = device.createShaderModule({ label: spec.name, code: spec.code });
    byName.set(spec.name, module);
  }
  return module;
}

async function build(device: GPUDevice, spec: PipelineSpec): Promise<GPUComputePipeline> {
  device.pushErrorScope("validation");
  const module = shaderModule(device, spec);
  const pipeline = device.createComputePipeline({
    label: `${spec.name}:${spec.entryPoint}`,
    layout: "auto",
    compute: { module, entryPoint: spec.entryPoint, constants: spec.constants ?? {} },
  });
  const error = await device.popErrorScope();
  if (error) {
    throw new Error(
      `Cannot compile kernel "${spec.name}" entry "${spec.entryPoint}": ${error.message}`,
    );
  }
  return pipeline;
}

/**
 * Returns the compute pipeline for `spec` on this context's device, compiling
 * it on first use. Compilation errors surface here, with the kernel name.
 *
 * @param ctx the GPU context
 * @param spec kernel name, WGSL, entry point and override constants
 * @returns the cached pipeline (layout `"auto"`)
 * @throws {Error} when the WGSL does not compile or validate
 * @example Usage
 * ```ts
 * import { getGpuContext, releaseGpuContext } from "@chronos-deno/chronos-deno/gpu";
 * import { getPipeline } from "@chronos-deno/chronos-deno/gpu";
 * try {
 *   const ctx = await getGpuContext();
 *   const code = "override WG: u32; @compute @workgroup_size(WG) fn main() {}";
 *   const a = await getPipeline(ctx, { name: "noop", code, entryPoint: "main", constants: { WG: 64 } });
 *   const b = await getPipeline(ctx, { name: "noop", code, entryPoint: "main", constants: { WG: 64 } });
 *   if (a !== b) throw new Error("not cached");
 * } catch (err) {
 *   if (!(err instanceof Error && err.name === "GpuUnavailableError")) throw err;
 * }
 * await releaseGpuContext();
 * ```
 */
export function getPipeline(ctx: GpuContext, spec: PipelineSpec): Promise<GPUComputePipeline> {
  const device = ctx.device;
  let byKey = pipelines.get(device);
  if (!byKey) {
    byKey = new Map();
    pipelines.set(device, byKey);
  }
  const key = cacheKey(spec);
  let pipeline = byKey.get(key);
  if (!pipeline) {
    pipeline = build(device, spec);
    byKey.set(key, pipeline);
    pipeline.catch(() => byKey.delete(key));
  }
  return pipeline;
}
