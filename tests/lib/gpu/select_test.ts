import { assert, assertMatch, assertRejects, assertStrictEquals } from "../../_helpers/assert.ts";
import { ignore } from "../../_helpers/gpu.ts";
import {
  type AdapterDescription,
  getGpuContext,
  releaseGpuContext,
} from "../../../lib/gpu/device.ts";
import {
  calibrateGpu,
  chooseKernelPath,
  CPU_RATES_GBPS,
  type Device,
  MIN_GPU_WORK_BYTES,
} from "../../../lib/gpu/select.ts";
import { GpuUnavailableError } from "../../../lib/errors.ts";

function adapter(isFallbackAdapter: boolean): AdapterDescription {
  return {
    vendor: "4318",
    architecture: "",
    device: "1",
    description: isFallbackAdapter ? "llvmpipe" : "NVIDIA H100",
    isFallbackAdapter,
    limits: {} as AdapterDescription["limits"],
  };
}

Deno.test("chooseKernelPath() honours cpu and webgpu requests", async () => {
  const cpu = await chooseKernelPath("cpu", 1e9, { adapter: adapter(false) });
  assertStrictEquals(cpu.path, "cpu");
  assertMatch(cpu.reason, /--device cpu/);
  const gpu = await chooseKernelPath("webgpu", 10, { adapter: adapter(true) });
  assertStrictEquals(gpu.path, "webgpu");
  assertMatch(gpu.reason, /fallback/);
  await assertRejects(() => chooseKernelPath("webgpu", 10, { adapter: null }), GpuUnavailableError);
  await assertRejects(() => chooseKernelPath("gpu" as Device, 10), RangeError);
});

Deno.test("chooseKernelPath('auto') keeps fallback adapters and small work on the CPU", async () => {
  const none = await chooseKernelPath("auto", 1e9, { adapter: null });
  assertStrictEquals(none.path, "cpu");
  assertMatch(none.reason, /no WebGPU adapter/);
  const soft = await chooseKernelPath("auto", 1e12, { adapter: adapter(true) });
  assertStrictEquals(soft.path, "cpu");
  assertMatch(soft.reason, /"llvmpipe" is a CPU fallback adapter/);
  const small = await chooseKernelPath("auto", MIN_GPU_WORK_BYTES - 1, {
    adapter: adapter(false),
    calibration: { roundTripMs: 0, transferGBps: 1000 },
  });
  assertStrictEquals(small.path, "cpu");
});

Deno.test("chooseKernelPath('auto') on hardware compares estimated GPU and CPU times", async () => {
  const calibration = { roundTripMs: 1, transferGBps: 6 };
  // metric_reduce on the CPU: 1.3 GB/s. 44 MB: CPU ≈ 34 ms, GPU ≈ 1 + 7.3 ms.
  const big = await chooseKernelPath("auto", 44e6, {
    kernel: "metric_reduce",
    adapter: adapter(false),
    calibration,
  });
  assertStrictEquals(big.path, "webgpu");
  assertMatch(big.reason, /NVIDIA H100: metric_reduce on 44 MB/);
  // 2 MB: CPU ≈ 1.5 ms, GPU ≈ 1.3 ms → GPU; with a slow link (1 GB/s) → CPU.
  const slow = await chooseKernelPath("auto", 2e6, {
    kernel: "metric_reduce",
    adapter: adapter(false),
    calibration: { roundTripMs: 1, transferGBps: 1 },
  });
  assertStrictEquals(slow.path, "cpu");
  // adam_w's SIMD CPU loop (14 GB/s) beats a 12 GB/s link at any size.
  const adam = await chooseKernelPath("auto", 1e9, {
    kernel: "adam_w",
    adapter: adapter(false),
    calibration: { roundTripMs: 0.5, transferGBps: 12 },
  });
  assertStrictEquals(adam.path, "cpu");
  assert(CPU_RATES_GBPS.adam_w > 12);
});

Deno.test({
  name: "chooseKernelPath('auto') on this machine's adapter, and calibrateGpu()",
  ignore,
  fn: async () => {
    try {
      const ctx = await getGpuContext();
      const choice = await chooseKernelPath("auto", 1e9, { kernel: "window_gather" });
      if (ctx.adapter.isFallbackAdapter) {
        assertStrictEquals(choice.path, "cpu");
        assertMatch(choice.reason, /fallback/);
      }
      const c = calibrateGpu(ctx);
      assertStrictEquals(calibrateGpu(ctx), c); // measured once
      const figures = await c;
      assert(figures.roundTripMs > 0 && figures.transferGBps > 0, JSON.stringify(figures));
    } finally {
      await releaseGpuContext();
    }
  },
});
