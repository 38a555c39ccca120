import { assertEquals } from "../../_helpers/assert.ts";
import { ignore } from "../../_helpers/gpu.ts";
import { getGpuContext, releaseGpuContext } from "../../../lib/gpu/device.ts";
import { GpuBuffers, readBack } from "../../../lib/gpu/buffers.ts";

Deno.test({
  name: "GpuBuffers uploads and readBack() returns the same bytes, several regions at once",
  ignore,
  fn: async () => {
    try {
      const { device } = await getGpuContext();
      const buffers = new GpuBuffers(device);
      const a = new Float32Array([1.5, -2, NaN]);
      const b = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const parts = [new Int32Array([7]), new Int32Array([8, 9]).subarray(1)];
      const got: number[][] = [];
      const encoder = device.createCommandEncoder();
      await readBack(device, encoder, [
        { buffer: buffers.upload(a), byteLength: 12, consume: (x) => got.push([...x]) },
        { buffer: buffers.upload(b), byteLength: 10, consume: (x) => got.push([...x]) },
        {
          buffer: buffers.upload(b),
          byteOffset: 4,
          byteLength: 4,
          consume: (x) => got.push([...x]),
        },
        { buffer: buffers.upload(parts), byteLength: 8, consume: (x) => got.push([...x]) },
        {
          buffer: buffers.upload(new Float32Array(0)),
          byteLength: 0,
          consume: (x) => got.push([...x]),
        },
        { buffer: buffers.output(8), byteLength: 8, consume: (x) => got.push([...x]) },
      ]);
      buffers.destroy();
      assertEquals(got[0], [...new Uint8Array(a.buffer)]);
      assertEquals(got[1], [...b]);
      assertEquals(got[2], [5, 6, 7, 8]);
      assertEquals(got[3], [7, 0, 0, 0, 9, 0, 0, 0]);
      assertEquals(got[4], []);
      assertEquals(got[5], [0, 0, 0, 0, 0, 0, 0, 0]);
    } finally {
      await releaseGpuContext();
    }
  },
});
