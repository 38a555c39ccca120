import { assert, assertRejects, assertStrictEquals } from "../../_helpers/assert.ts";
import { ignore } from "../../_helpers/gpu.ts";
import { getGpuContext, releaseGpuContext } from "../../../lib/gpu/device.ts";
import { getPipeline } from "../../../lib/gpu/pipeline_cache.ts";

const CODE = `
override WG: u32;
@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@compute @workgroup_size(WG) fn main(@builtin(local_invocation_index) i: u32) { out[i] = WG; }
`;

Deno.test({
  name: "getPipeline() caches by kernel name, entry point and override values",
  ignore,
  fn: async () => {
    try {
      const ctx = await getGpuContext();
      const spec = { name: "wg_probe", code: CODE, entryPoint: "main" };
      const a = await getPipeline(ctx, { ...spec, constants: { WG: 64 } });
      const b = await getPipeline(ctx, { ...spec, constants: { WG: 64 } });
      const c = await getPipeline(ctx, { ...spec, constants: { WG: 32 } });
      assertStrictEquals(a, b);
      assert(a !== c);
    } finally {
      await releaseGpuContext();
    }
  },
});

Deno.test({
  name: "getPipeline() reports WGSL errors with the kernel name",
  ignore,
  fn: async () => {
    try {
      const ctx = await getGpuContext();
      await assertRejects(
        () => getPipeline(ctx, { name: "broken", code: "fn main( {", entryPoint: "main" }),
        (err: Error) => {
          assert(err.message.startsWith('Cannot compile kernel "broken"'), err.message);
          return true;
        },
      );
    } finally {
      await releaseGpuContext();
    }
  },
});
