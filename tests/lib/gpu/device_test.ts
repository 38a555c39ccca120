import { assert, assertRejects, assertStrictEquals } from "../../_helpers/assert.ts";
import { ignore } from "../../_helpers/gpu.ts";
import {
  describeGpu,
  formatAdapter,
  getGpuContext,
  isGpuAvailable,
  releaseGpuContext,
} from "../../../lib/gpu/device.ts";
import { GpuUnavailableError } from "../../../lib/errors.ts";

const LIMITS = {
  maxStorageBufferBindingSize: 134217728,
  maxBufferSize: 268435456,
  maxComputeWorkgroupsPerDimension: 65535,
  maxComputeWorkgroupSizeX: 1024,
  maxComputeInvocationsPerWorkgroup: 1024,
  maxStorageBuffersPerShaderStage: 16,
  maxComputeWorkgroupStorageSize: 32768,
};

/** Runs `fn` with `navigator.gpu` replaced by `gpu`, then restores it. */
async function withGpu(gpu: unknown, fn: () => Promise<void>): Promise<void> {
  await releaseGpuContext();
  Object.defineProperty(navigator, "gpu", { value: gpu, configurable: true });
  try {
    await fn();
  } finally {
    delete (navigator as unknown as Record<string, unknown>).gpu;
    await releaseGpuContext();
  }
}

Deno.test("formatAdapter() describes an adapter on one line", () => {
  const line = formatAdapter({
    vendor: "65541",
    architecture: "",
    device: "0",
    description: "llvmpipe (LLVM 15.0.6, 256 bits)",
    isFallbackAdapter: true,
    limits: LIMITS,
  });
  assertStrictEquals(
    line,
    "llvmpipe (LLVM 15.0.6, 256 bits) [vendor 65541, fallback, binding 128 MiB]",
  );
});

Deno.test("getGpuContext() throws GpuUnavailableError without navigator.gpu or an adapter", async () => {
  await withGpu(undefined, async () => {
    await assertRejects(() => getGpuContext(), GpuUnavailableError);
    assertStrictEquals(await describeGpu(), null);
    assertStrictEquals(await isGpuAvailable(), false);
  });
  await withGpu({ requestAdapter: () => Promise.resolve(null) }, async () => {
    await assertRejects(() => getGpuContext(), (err: Error) => {
      assert(err instanceof GpuUnavailableError);
      assert(err.message.includes("--device cpu"), err.message);
      return true;
    });
  });
  await withGpu({ requestAdapter: () => Promise.reject(new Error("boom")) }, async () => {
    await assertRejects(() => getGpuContext(), GpuUnavailableError);
  });
});

Deno.test({
  name: "getGpuContext() opens one device with the adapter's largest storage binding",
  ignore,
  fn: async () => {
    try {
      const raw = await navigator.gpu.requestAdapter({ powerPreference: "high-performance" });
      const a = await getGpuContext();
      const b = await getGpuContext();
      assertStrictEquals(a, b);
      assertStrictEquals(a.lost, false);
      assertStrictEquals(
        a.limits.maxStorageBufferBindingSize,
        raw!.limits.maxStorageBufferBindingSize,
      );
      assertStrictEquals(a.limits.maxBufferSize, raw!.limits.maxBufferSize);
      assert(a.adapter.description.length > 0);
      assertStrictEquals(typeof a.adapter.isFallbackAdapter, "boolean");
      assertStrictEquals((await describeGpu())?.description, a.adapter.description);
    } finally {
      await releaseGpuContext();
    }
  },
});

Deno.test({
  name: "getGpuContext() opens a fresh device after release or loss",
  ignore,
  fn: async () => {
    try {
      const warnings: string[] = [];
      const a = await getGpuContext({ onWarning: (m) => warnings.push(m) });
      await releaseGpuContext();
      assertStrictEquals(a.lost, true);
      const b = await getGpuContext();
      assert(a !== b);
      b.device.destroy(); // as if lost
      await b.device.lost;
      await new Promise((r) => setTimeout(r, 0));
      assertStrictEquals(b.lost, true);
      const c = await getGpuContext();
      assert(c !== b && !c.lost);
      assertStrictEquals(warnings.length, 0); // destruction is not a warning
    } finally {
      await releaseGpuContext();
    }
  },
});
