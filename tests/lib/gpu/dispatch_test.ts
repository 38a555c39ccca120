import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { ignore } from "../../_helpers/gpu.ts";
import { getGpuContext, releaseGpuContext } from "../../../lib/gpu/device.ts";
import { GpuBuffers, readBack } from "../../../lib/gpu/buffers.ts";
import { encodePass, gridFor } from "../../../lib/gpu/dispatch.ts";
import { getPipeline } from "../../../lib/gpu/pipeline_cache.ts";

Deno.test("gridFor() covers the work within the per-dimension limit", () => {
  assertEquals(gridFor(0, 10), { x: 0, y: 0 });
  assertEquals(gridFor(1, 10), { x: 1, y: 1 });
  assertEquals(gridFor(10, 10), { x: 10, y: 1 });
  assertEquals(gridFor(11, 10), { x: 6, y: 2 });
  assertEquals(gridFor(100, 10), { x: 10, y: 10 });
  assertThrows(() => gridFor(101, 10), RangeError);
});

Deno.test({
  name: "a 2-D grid reaches every linear index exactly once",
  ignore,
  fn: async () => {
    try {
      const ctx = await getGpuContext();
      const code = `
        override WG: u32;
        @group(0) @binding(0) var<storage, read_write> hits: array<atomic<u32>>;
        @compute @workgroup_size(WG)
        fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
          let i = gid.x + gid.y * nwg.x * WG;
          if (i < arrayLength(&hits)) { atomicAdd(&hits[i], 1u); }
        }`;
      const pipeline = await getPipeline(ctx, {
        name: "grid_probe",
        code,
        entryPoint: "main",
        constants: { WG: 4 },
      });
      const n = 4 * 13 + 3; // 14 workgroups of 4, over a limit of 4 per dimension
      const buffers = new GpuBuffers(ctx.device);
      const hits = buffers.output(n * 4);
      const encoder = ctx.device.createCommandEncoder();
      const grid = gridFor(Math.ceil(n / 4), 4);
      assertEquals(grid, { x: 4, y: 4 });
      encodePass(ctx.device, encoder, pipeline, { 0: hits }, grid);
      let got: number[] = [];
      await readBack(ctx.device, encoder, [
        {
          buffer: hits,
          byteLength: n * 4,
          consume: (b) => got = [...new Uint32Array(b.slice().buffer)],
        },
      ]);
      buffers.destroy();
      assertEquals(got, new Array(n).fill(1));
    } finally {
      await releaseGpuContext();
    }
  },
});
