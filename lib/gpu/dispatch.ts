/**
 * Dispatch helpers: a 2-D grid of workgroups for 1-D work larger than the
 * per-dimension limit, and one compute pass with its bind group.
 *
 * Kernels recover the linear index as
 * `gid.x + gid.y * num_workgroups.x * WORKGROUP_SIZE` and skip indices past
 * their element count.
 *
 * @module
 */

/** Workgroups along x and y. */
export interface Grid {
  /** Workgroups along x. */
  x: number;
  /** Workgroups along y. */
  y: number;
}

/**
 * The smallest 2-D grid of workgroups covering `workgroups` workgroups with
 * at most `maxPerDimension` along each dimension.
 *
 * @param workgroups workgroups needed (≥ 0)
 * @param maxPerDimension the device's `maxComputeWorkgroupsPerDimension`
 * @returns the grid; `{ x: 0, y: 0 }` for no work
 * @throws {RangeError} when even a square grid cannot hold the work
 * @example Usage
 * ```ts
 * import { gridFor } from "@chronos-deno/chronos-deno/gpu";
 * const g = gridFor(100_000, 65535);
 * if (g.x * g.y < 100_000 || g.x > 65535) throw new Error();
 * ```
 */
export function gridFor(workgroups: number, maxPerDimension: number): Grid {
  if (workgroups <= 0) return { x: 0, y: 0 };
  if (workgroups <= maxPerDimension) return { x: workgroups, y: 1 };
  const y = Math.ceil(workgroups / maxPerDimension);
  if (y > maxPerDimension) {
    throw new RangeError(
      `Cannot dispatch ${workgroups} workgroups: more than ${maxPerDimension} × ${maxPerDimension}; split the input`,
    );
  }
  return { x: Math.ceil(workgroups / y), y };
}

/**
 * Encodes one compute pass running `pipeline` over `grid`, binding each
 * buffer of `bindings` (binding number → buffer) in group 0.
 *
 * @param device the device (creates the bind group)
 * @param encoder the encoder to append to
 * @param pipeline the compute pipeline (layout `"auto"`)
 * @param bindings binding number → buffer, only those the entry point uses
 * @param grid workgroups along x and y; nothing is encoded for an empty grid
 * @example Usage
 * ```ts
 * import { encodePass } from "@chronos-deno/chronos-deno/gpu";
 * // encodePass(device, encoder, pipeline, { 0: params, 1: input, 2: output }, gridFor(n / 256, 65535));
 * if (typeof encodePass !== "function") throw new Error();
 * ```
 */
export function encodePass(
  device: GPUDevice,
  encoder: GPUCommandEncoder,
  pipeline: GPUComputePipeline,
  bindings: Record<number, GPUBuffer>,
  grid: Grid,
): void {
  if (grid.x === 0 || grid.y === 0) return;
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: Object.entries(bindings).map(([binding, buffer]) => ({
      binding: Number(binding),
      resource: { buffer },
    })),
  });
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(grid.x, grid.y);
  pass.end();
}
