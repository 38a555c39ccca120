/**
 * Buffer plumbing for the kernels: uploads, uniform and output buffers owned
 * by one scope (destroyed together), and a read-back that copies several
 * outputs through one staging buffer with a single map.
 *
 * @module
 */

import { GpuUnavailableError } from "../errors.ts";

/** Smallest buffer created: a binding of size 0 is invalid, so empty data still gets one. */
const MIN_BYTES = 16;

function padded(byteLength: number): number {
  return Math.max(MIN_BYTES, Math.ceil(byteLength / 4) * 4);
}

/**
 * A set of GPU buffers created for one kernel call and destroyed together.
 *
 * @example Usage
 * ```ts
 * import { getGpuContext, releaseGpuContext } from "@chronos-deno/chronos-deno/gpu";
 * import { GpuBuffers, readBack } from "@chronos-deno/chronos-deno/gpu";
 * try {
 *   const { device } = await getGpuContext();
 *   const buffers = new GpuBuffers(device);
 *   const src = buffers.upload(new Float32Array([1, 2, 3]));
 *   const encoder = device.createCommandEncoder();
 *   let copy: number[] = [];
 *   await readBack(device, encoder, [
 *     { buffer: src, byteLength: 12, consume: (b) => copy = [...new Float32Array(b.buffer, b.byteOffset, 3)] },
 *   ]);
 *   buffers.destroy();
 *   if (copy.join() !== "1,2,3") throw new Error();
 * } catch (err) {
 *   if (!(err instanceof Error && err.name === "GpuUnavailableError")) throw err;
 * }
 * await releaseGpuContext();
 * ```
 */
export class GpuBuffers {
  #device: GPUDevice;
  #owned: GPUBuffer[] = [];

  /**
   * Starts an empty scope on `device`.
   *
   * @param device the device that creates the buffers
   */
  constructor(device: GPUDevice) {
    this.#device = device;
  }

  #create(size: number, usage: number, label: string, mapped: boolean): GPUBuffer {
    const buffer = this.#device.createBuffer({
      label,
      size: padded(size),
      usage,
      mappedAtCreation: mapped,
    });
    this.#owned.push(buffer);
    return buffer;
  }

  /**
   * Creates a storage buffer holding a copy of `data` (any typed array, or
   * several concatenated in order; the bytes are copied as they are).
   *
   * @param data the bytes to upload
   * @param label a debug label
   * @returns a `STORAGE | COPY_SRC | COPY_DST` buffer
   */
  upload(data: ArrayBufferView | readonly ArrayBufferView[], label = "input"): GPUBuffer {
    const parts = Array.isArray(data) ? data : [data as ArrayBufferView];
    const total = parts.reduce((sum, p) => sum + p.byteLength, 0);
    const buffer = this.#create(
      total,
      GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      label,
      true,
    );
    const mapped = new Uint8Array(buffer.getMappedRange(), 0, total);
    let offset = 0;
    for (const p of parts) {
      mapped.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), offset);
      offset += p.byteLength;
    }
    buffer.unmap();
    return buffer;
  }

  /**
   * Creates a uniform buffer holding `data`.
   *
   * @param data the packed uniform struct
   * @param label a debug label
   * @returns a `UNIFORM` buffer
   */
  uniform(data: ArrayBuffer, label = "params"): GPUBuffer {
    const buffer = this.#create(
      data.byteLength,
      GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      label,
      true,
    );
    new Uint8Array(buffer.getMappedRange(), 0, data.byteLength).set(new Uint8Array(data));
    buffer.unmap();
    return buffer;
  }

  /**
   * Creates an uninitialised (zeroed) storage buffer for kernel outputs.
   *
   * @param byteLength size in bytes (rounded up to 4, at least 16)
   * @param label a debug label
   * @returns a `STORAGE | COPY_SRC` buffer
   */
  output(byteLength: number, label = "output"): GPUBuffer {
    return this.#create(
      byteLength,
      GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      label,
      false,
    );
  }

  /** Destroys every buffer created by this scope. */
  destroy(): void {
    for (const buffer of this.#owned) buffer.destroy();
    this.#owned = [];
  }
}

/** One region to read back, and what to do with its bytes. */
export interface ReadRegion {
  /** The buffer to read (needs `COPY_SRC`). */
  buffer: GPUBuffer;
  /** Byte offset in `buffer` (a multiple of 4). @default {0} */
  byteOffset?: number;
  /** Bytes to read (rounded up to 4 for the copy). */
  byteLength: number;
  /** Receives the bytes; the view is valid only during the call. */
  consume: (bytes: Uint8Array) => void;
}

/**
 * Appends copies of `regions` to `encoder`, submits it, maps one staging
 * buffer and hands each region's bytes to its `consume` callback.
 *
 * @param device the device
 * @param encoder an encoder holding the work to run first (it is finished here)
 * @param regions the outputs to read
 * @returns when every region has been consumed
 * @throws {GpuUnavailableError} when the device is lost before the map completes
 */
export async function readBack(
  device: GPUDevice,
  encoder: GPUCommandEncoder,
  regions: readonly ReadRegion[],
): Promise<void> {
  const offsets: number[] = [];
  let total = 0;
  for (const r of regions) {
    offsets.push(total);
    total += Math.ceil(r.byteLength / 8) * 8;
  }
  const staging = device.createBuffer({
    label: "staging",
    size: Math.max(MIN_BYTES, total),
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  try {
    regions.forEach((r, i) => {
      const size = Math.ceil(r.byteLength / 4) * 4;
      if (size > 0) {
        encoder.copyBufferToBuffer(r.buffer, r.byteOffset ?? 0, staging, offsets[i]!, size);
      }
    });
    device.queue.submit([encoder.finish()]);
    try {
      await staging.mapAsync(GPUMapMode.READ);
    } catch (err) {
      throw new GpuUnavailableError(
        "Cannot read kernel results back: the WebGPU device was lost; retry, or use --device cpu",
        { cause: err },
      );
    }
    const mapped = new Uint8Array(staging.getMappedRange());
    regions.forEach((r, i) => r.consume(mapped.subarray(offsets[i]!, offsets[i]! + r.byteLength)));
    staging.unmap();
  } finally {
    staging.destroy();
  }
}
