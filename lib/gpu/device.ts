/**
 * The one owner of `navigator.gpu`: the adapter and device are created
 * lazily, once per process, with the largest storage binding the adapter
 * allows. Device loss is noticed and the next call creates a fresh device.
 *
 * @module
 */

import { ensureRuntimeDir } from "./runtime_dir.ts";
import { GpuUnavailableError } from "../errors.ts";

/** The device limits the kernels plan their dispatches with. */
export interface GpuLimits {
  /** Largest storage buffer binding in bytes (requested at the adapter's maximum). */
  maxStorageBufferBindingSize: number;
  /** Largest buffer in bytes. */
  maxBufferSize: number;
  /** Largest dispatch along one dimension. */
  maxComputeWorkgroupsPerDimension: number;
  /** Largest workgroup along x. */
  maxComputeWorkgroupSizeX: number;
  /** Largest number of invocations per workgroup. */
  maxComputeInvocationsPerWorkgroup: number;
  /** Largest number of storage buffers per shader stage. */
  maxStorageBuffersPerShaderStage: number;
  /** Largest workgroup memory in bytes. */
  maxComputeWorkgroupStorageSize: number;
}

/** What the adapter says about itself. */
export interface AdapterDescription {
  /** Vendor (a name or a PCI id in decimal). */
  vendor: string;
  /** Architecture, often empty. */
  architecture: string;
  /** Device id. */
  device: string;
  /** Human-readable description, e.g. `"llvmpipe (LLVM 15.0.6, 256 bits)"`. */
  description: string;
  /** Whether this is a CPU (software) fallback adapter such as llvmpipe or lavapipe. */
  isFallbackAdapter: boolean;
  /** The limits of the device that was (or would be) created. */
  limits: GpuLimits;
}

/** An open device and what it can do; obtained from {@linkcode getGpuContext}. */
export interface GpuContext {
  /** The WebGPU device. */
  readonly device: GPUDevice;
  /** The adapter the device came from, described. */
  readonly adapter: AdapterDescription;
  /** The device's limits (the same as `adapter.limits`). */
  readonly limits: GpuLimits;
  /** Whether the device has been lost or destroyed. */
  readonly lost: boolean;
}

/** Options of {@linkcode getGpuContext}. */
export interface GpuContextOptions {
  /**
   * Adapter preference passed to `requestAdapter`.
   * @default {"high-performance"}
   */
  powerPreference?: "high-performance" | "low-power";
  /** Called with a message when the device is lost unexpectedly. */
  onWarning?: (message: string) => void;
}

class Context implements GpuContext {
  readonly device: GPUDevice;
  readonly adapter: AdapterDescription;
  readonly limits: GpuLimits;
  lost = false;
  constructor(device: GPUDevice, adapter: AdapterDescription) {
    this.device = device;
    this.adapter = adapter;
    this.limits = adapter.limits;
  }
}

let pending: Promise<Context> | undefined;
let current: Context | undefined;

const LIMIT_NAMES = [
  "maxStorageBufferBindingSize",
  "maxBufferSize",
  "maxComputeWorkgroupsPerDimension",
  "maxComputeWorkgroupSizeX",
  "maxComputeInvocationsPerWorkgroup",
  "maxStorageBuffersPerShaderStage",
  "maxComputeWorkgroupStorageSize",
] as const;

function gpuApi(): GPU | undefined {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  return nav?.gpu;
}

function pickLimits(source: GPUSupportedLimits): GpuLimits {
  const out = {} as Record<(typeof LIMIT_NAMES)[number], number>;
  for (const name of LIMIT_NAMES) out[name] = Number(source[name]);
  return out;
}

function describe(adapter: GPUAdapter, limits: GpuLimits): AdapterDescription {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  // Deno reports the fallback flag on `info`; older versions had it on the adapter.
  const fallback = info.isFallbackAdapter ??
    (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false;
  return {
    vendor: info.vendor ?? "",
    architecture: info.architecture ?? "",
    device: info.device ?? "",
    description: info.description ?? "",
    isFallbackAdapter: fallback,
    limits,
  };
}

async function requestAdapter(options: GpuContextOptions): Promise<GPUAdapter> {
  ensureRuntimeDir();
  const gpu = gpuApi();
  if (!gpu) {
    throw new GpuUnavailableError(
      "Cannot use WebGPU: navigator.gpu is missing in this runtime; use the CPU path (--device cpu)",
    );
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({
      powerPreference: options.powerPreference ?? "high-performance",
    });
  } catch (err) {
    throw new GpuUnavailableError(
      "Cannot use WebGPU: requesting an adapter failed; use the CPU path (--device cpu)",
      { cause: err },
    );
  }
  if (!adapter) {
    throw new GpuUnavailableError(
      "Cannot use WebGPU: no adapter found (no GPU and no software adapter such as llvmpipe); " +
        "use the CPU path (--device cpu)",
    );
  }
  return adapter;
}

async function open(options: GpuContextOptions): Promise<Context> {
  const adapter = await requestAdapter(options);
  const wanted = pickLimits(adapter.limits);
  const requiredLimits: Record<string, number> = {
    maxStorageBufferBindingSize: wanted.maxStorageBufferBindingSize,
    maxBufferSize: wanted.maxBufferSize,
    maxStorageBuffersPerShaderStage: wanted.maxStorageBuffersPerShaderStage,
    maxComputeWorkgroupStorageSize: wanted.maxComputeWorkgroupStorageSize,
    maxComputeInvocationsPerWorkgroup: wanted.maxComputeInvocationsPerWorkgroup,
    maxComputeWorkgroupSizeX: wanted.maxComputeWorkgroupSizeX,
  };
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredLimits });
  } catch (err) {
    throw new GpuUnavailableError(
      "Cannot use WebGPU: the adapter refused to create a device; use the CPU path (--device cpu)",
      { cause: err },
    );
  }
  const ctx = new Context(device, describe(adapter, pickLimits(device.limits)));
  device.lost.then((info) => {
    ctx.lost = true;
    if (current === ctx) {
      current = undefined;
      pending = undefined;
    }
    if (info.reason !== "destroyed") {
      options.onWarning?.(`WebGPU device lost: ${info.message || info.reason}`);
    }
  });
  return ctx;
}

/**
 * Returns the process-wide WebGPU context, creating the adapter and device on
 * the first call (and again after the device was lost or released).
 *
 * @param options adapter preference and a warning sink for device loss
 * @returns the open context
 * @throws {GpuUnavailableError} when `navigator.gpu` or an adapter is missing,
 *   or the device cannot be created
 * @example Usage
 * ```ts
 * import { getGpuContext, releaseGpuContext } from "@chronos-deno/chronos-deno/gpu";
 * try {
 *   const ctx = await getGpuContext();
 *   if (ctx.limits.maxStorageBufferBindingSize < 1) throw new Error(ctx.adapter.description);
 * } catch {
 *   // no adapter here: use the CPU path
 * }
 * await releaseGpuContext();
 * ```
 */
export function getGpuContext(options: GpuContextOptions = {}): Promise<GpuContext> {
  if (current && !current.lost) return Promise.resolve(current);
  if (!pending) {
    pending = open(options).then(
      (ctx) => {
        current = ctx;
        return ctx;
      },
      (err) => {
        pending = undefined;
        throw err;
      },
    );
  }
  return pending;
}

/**
 * Destroys the process-wide device, if one was created, so that buffers are
 * freed and the process can exit; the next {@linkcode getGpuContext} opens a
 * new one (and {@linkcode describeGpu} asks for the adapter again).
 *
 * @returns when the device is destroyed
 * @example Usage
 * ```ts
 * import { releaseGpuContext } from "@chronos-deno/chronos-deno/gpu";
 * await releaseGpuContext(); // harmless when nothing was opened
 * ```
 */
export async function releaseGpuContext(): Promise<void> {
  const waiting = pending;
  pending = undefined;
  current = undefined;
  probe = undefined;
  if (!waiting) return;
  try {
    const ctx = await waiting;
    ctx.lost = true;
    ctx.device.destroy();
  } catch {
    // Nothing was opened.
  }
}

let probe: Promise<AdapterDescription | null> | undefined;

/**
 * Describes the adapter WebGPU would use, without throwing: `null` when there
 * is none. When no device is open, only an adapter is requested (once per
 * process, cached): no device is created just to look.
 *
 * @param options adapter preference
 * @returns the description (limits are the adapter's, which the device requests), or `null`
 * @example Usage
 * ```ts
 * import { describeGpu } from "@chronos-deno/chronos-deno/gpu";
 * const info = await describeGpu();
 * if (info && typeof info.isFallbackAdapter !== "boolean") throw new Error();
 * ```
 */
export function describeGpu(options: GpuContextOptions = {}): Promise<AdapterDescription | null> {
  if (current && !current.lost) return Promise.resolve(current.adapter);
  if (!probe) {
    probe = requestAdapter(options).then(
      (adapter) => describe(adapter, pickLimits(adapter.limits)),
      (err) => {
        if (err instanceof GpuUnavailableError) return null;
        probe = undefined;
        throw err;
      },
    );
  }
  return probe;
}

/**
 * Whether a WebGPU adapter exists in this process (see {@linkcode describeGpu}).
 *
 * @returns `true` when an adapter was found
 * @example Usage
 * ```ts
 * import { isGpuAvailable } from "@chronos-deno/chronos-deno/gpu";
 * if (typeof (await isGpuAvailable()) !== "boolean") throw new Error();
 * ```
 */
export async function isGpuAvailable(): Promise<boolean> {
  return (await describeGpu()) !== null;
}

/**
 * Formats an adapter description on one line, for logs and bench notes.
 *
 * @param info the description
 * @returns e.g. `llvmpipe (LLVM 15.0.6, 256 bits) [vendor 65541, fallback, binding 128 MiB]`
 * @example Usage
 * ```ts
 * import { formatAdapter } from "@chronos-deno/chronos-deno/gpu";
 * const limits = {
 *   maxStorageBufferBindingSize: 134217728, maxBufferSize: 268435456,
 *   maxComputeWorkgroupsPerDimension: 65535, maxComputeWorkgroupSizeX: 1024,
 *   maxComputeInvocationsPerWorkgroup: 1024, maxStorageBuffersPerShaderStage: 16,
 *   maxComputeWorkgroupStorageSize: 32768,
 * };
 * const line = formatAdapter({
 *   vendor: "65541", architecture: "", device: "0",
 *   description: "llvmpipe", isFallbackAdapter: true, limits,
 * });
 * if (!line.includes("fallback")) throw new Error();
 * ```
 */
export function formatAdapter(info: AdapterDescription): string {
  const mib = Math.round(info.limits.maxStorageBufferBindingSize / 2 ** 20);
  const parts = [`vendor ${info.vendor || "?"}`];
  if (info.architecture) parts.push(info.architecture);
  parts.push(info.isFallbackAdapter ? "fallback" : "hardware");
  parts.push(`binding ${mib} MiB`);
  return `${info.description || "unnamed adapter"} [${parts.join(", ")}]`;
}
