/**
 * Chooses between a kernel's WGSL path and its CPU loop (`--device
 * auto|webgpu|cpu`) and says why, so that the CLI can print it.
 *
 * `auto` is decided by measurement, in three steps:
 * 1. no adapter → CPU;
 * 2. a fallback (software) adapter such as llvmpipe or lavapipe → CPU: the
 *    benches in bench/kernels/ measured every kernel there 7–30× slower than
 *    the CPU loops at full size, and a call costs ≥ 11 ms at any size;
 * 3. a hardware adapter → the GPU path only when the estimated GPU time
 *    (round trip + bytes over the measured transfer rate, calibrated once per
 *    device by {@linkcode calibrateGpu}) beats the CPU time (bytes over the
 *    CPU loop's measured rate, {@linkcode CPU_RATES_GBPS}). The kernels are
 *    memory-bound, so moving the data dominates on a real GPU too.
 *
 * @module
 */

import { GpuUnavailableError } from "../errors.ts";
import { type AdapterDescription, describeGpu, getGpuContext, type GpuContext } from "./device.ts";
import { GpuBuffers, readBack } from "./buffers.ts";

/** The values of `--device`, in the order the CLI lists them. */
export const DEVICES = ["auto", "cpu", "webgpu"] as const;
/**
 * Where kernels and the model run (`--device`): `auto` decides by adapter and
 * work size, `webgpu` insists on the GPU path, `cpu` never opens a GPU. The one
 * device type of the package.
 */
export type Device = (typeof DEVICES)[number];
/** Where one kernel call runs: its WGSL path or its CPU loop (what `auto` resolves to). */
export type KernelPathName = Exclude<Device, "auto">;
/** The kernels that have both paths. */
export type KernelName = "window_gather" | "metric_reduce" | "adam_w";

/**
 * Throughput of each CPU loop in GB/s of bytes moved (inputs read + outputs
 * written), the median of `deno bench bench/kernels/` with Deno 2.9.6 on a
 * 2-core AMD EPYC (rounded down): window_gather 1.4–2.2, metric_reduce
 * 1.3–1.7, adam_w 14–15 (its WebAssembly SIMD loop).
 */
export const CPU_RATES_GBPS: Readonly<Record<KernelName, number>> = {
  "window_gather": 2.0,
  "metric_reduce": 1.3,
  "adam_w": 14,
};

/** Below this many bytes a GPU call cannot pay for its round trip on any adapter. */
export const MIN_GPU_WORK_BYTES = 1 << 20;

/** What a device measured once: the cost of a round trip and the host↔device rate. */
export interface GpuCalibration {
  /** Milliseconds for a tiny upload + copy + map (median). */
  roundTripMs: number;
  /** GB/s of bytes uploaded plus bytes read back through a mapped buffer. */
  transferGBps: number;
}

/** The decision and its reason, e.g. for the CLI to print. */
export interface KernelPath {
  /** Which implementation to run. */
  path: KernelPathName;
  /** Why, in one line. */
  reason: string;
}

/** Options of {@linkcode chooseKernelPath}. */
export interface ChooseKernelPathOptions {
  /**
   * The kernel, for its CPU rate.
   * @default {"metric_reduce"}
   */
  kernel?: KernelName;
  /**
   * Use this adapter description instead of asking WebGPU (`null`: no adapter); for tests.
   * @default {the real adapter}
   */
  adapter?: AdapterDescription | null;
  /**
   * Use these figures instead of calibrating the device; for tests.
   * @default {measured once per device}
   */
  calibration?: GpuCalibration;
}

const calibrations = new WeakMap<GPUDevice, Promise<GpuCalibration>>();

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 0)} MB`;
}

async function measure(ctx: GpuContext): Promise<GpuCalibration> {
  const device = ctx.device;
  const roundTrip = async (bytes: number): Promise<number> => {
    const data = new Uint8Array(bytes);
    const t0 = performance.now();
    const buffers = new GpuBuffers(device);
    try {
      const src = buffers.upload(data);
      await readBack(device, device.createCommandEncoder(), [
        { buffer: src, byteLength: bytes, consume: (b) => data.set(b) },
      ]);
    } finally {
      buffers.destroy();
    }
    return performance.now() - t0;
  };
  await roundTrip(16); // warm-up
  const small: number[] = [];
  for (let i = 0; i < 3; i++) small.push(await roundTrip(16));
  small.sort((a, b) => a - b);
  const roundTripMs = small[1]!;
  const big = 16 << 20;
  const bigMs = Math.min(await roundTrip(big), await roundTrip(big));
  const transferMs = Math.max(bigMs - roundTripMs, 1e-3);
  return { roundTripMs, transferGBps: (2 * big) / (transferMs * 1e6) };
}

/**
 * Measures, once per device, a WebGPU round trip and the host↔device
 * transfer rate (about 0.1 s; the result is cached).
 *
 * @param ctx the GPU context
 * @returns the figures
 * @throws {GpuUnavailableError} when the device is lost
 * @example Usage
 * ```ts
 * import { getGpuContext, releaseGpuContext } from "@chronos-deno/chronos-deno/gpu";
 * import { calibrateGpu } from "@chronos-deno/chronos-deno/gpu";
 * try {
 *   const c = await calibrateGpu(await getGpuContext());
 *   if (!(c.roundTripMs > 0 && c.transferGBps > 0)) throw new Error();
 * } catch (err) {
 *   if (!(err instanceof Error && err.name === "GpuUnavailableError")) throw err;
 * }
 * await releaseGpuContext();
 * ```
 */
export function calibrateGpu(ctx: GpuContext): Promise<GpuCalibration> {
  let c = calibrations.get(ctx.device);
  if (!c) {
    c = measure(ctx);
    calibrations.set(ctx.device, c);
    c.catch(() => calibrations.delete(ctx.device));
  }
  return c;
}

/**
 * Decides which path runs a kernel over `workSize` bytes (inputs read +
 * outputs written; each kernel exports a `…WorkBytes` helper), and why.
 * `cpu` always gives the CPU; `webgpu` the GPU whatever the adapter; `auto`
 * decides as the module documentation explains.
 *
 * @param device the `--device` choice
 * @param workSize bytes the kernel moves
 * @param options kernel name; adapter and calibration overrides for tests
 * @returns the path and a one-line reason
 * @throws {RangeError} when `device` is not auto, webgpu or cpu
 * @throws {GpuUnavailableError} when `webgpu` was asked for and there is no adapter
 * @example Usage
 * ```ts
 * import { chooseKernelPath } from "@chronos-deno/chronos-deno/gpu";
 * const cpu = await chooseKernelPath("cpu", 1e6);
 * if (cpu.path !== "cpu") throw new Error();
 * const fallback = await chooseKernelPath("auto", 1e9, {
 *   adapter: {
 *     vendor: "", architecture: "", device: "", description: "llvmpipe", isFallbackAdapter: true,
 *     limits: {} as never,
 *   },
 * });
 * if (fallback.path !== "cpu" || !fallback.reason.includes("fallback")) throw new Error();
 * ```
 */
export async function chooseKernelPath(
  device: Device,
  workSize: number,
  options: ChooseKernelPathOptions = {},
): Promise<KernelPath> {
  if (!DEVICES.includes(device)) {
    throw new RangeError(
      `Cannot choose a kernel path: device "${device}" is not one of ${DEVICES.join(", ")}`,
    );
  }
  if (device === "cpu") return { path: "cpu", reason: "CPU path requested (--device cpu)" };
  // Only the adapter is looked at here: a device is opened when the GPU path is taken.
  const adapter = options.adapter !== undefined ? options.adapter : await describeGpu();
  if (device === "webgpu") {
    if (!adapter) {
      throw new GpuUnavailableError(
        "Cannot use --device webgpu: no WebGPU adapter found; use --device cpu or auto",
      );
    }
    const note = adapter.isFallbackAdapter
      ? `; "${adapter.description}" is a CPU fallback adapter, expect it to be slower than --device cpu`
      : "";
    return { path: "webgpu", reason: `WebGPU requested (--device webgpu)${note}` };
  }
  if (!adapter) return { path: "cpu", reason: "auto: no WebGPU adapter in this process" };
  if (adapter.isFallbackAdapter) {
    return {
      path: "cpu",
      reason: `auto: "${adapter.description}" is a CPU fallback adapter, where the WGSL ` +
        "kernels measured 7–30× slower than the CPU loops",
    };
  }
  if (workSize < MIN_GPU_WORK_BYTES) {
    return {
      path: "cpu",
      reason: `auto: ${mb(workSize)} of work is below the ${
        mb(MIN_GPU_WORK_BYTES)
      } a GPU call needs`,
    };
  }
  const calibration = options.calibration ?? await calibrateGpu(await getGpuContext());
  const kernel = options.kernel ?? "metric_reduce";
  const cpuMs = workSize / (CPU_RATES_GBPS[kernel] * 1e6);
  const gpuMs = calibration.roundTripMs + workSize / (calibration.transferGBps * 1e6);
  const figures = `${kernel} on ${mb(workSize)}: GPU ≈ ${gpuMs.toFixed(1)} ms ` +
    `(round trip ${calibration.roundTripMs.toFixed(2)} ms, ${
      calibration.transferGBps.toFixed(1)
    } GB/s), ` +
    `CPU ≈ ${cpuMs.toFixed(1)} ms`;
  return gpuMs < cpuMs
    ? { path: "webgpu", reason: `auto: ${adapter.description}: ${figures}` }
    : { path: "cpu", reason: `auto: ${adapter.description}: ${figures}` };
}
