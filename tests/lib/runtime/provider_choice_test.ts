import { assertEquals, assertStrictEquals } from "../../_helpers/assert.ts";
import { chooseExecutionProvider } from "../../../lib/runtime/provider_choice.ts";
import { cudaProviderInstalled } from "../../../lib/runtime/cuda_provider.ts";
import { describeGpu, releaseGpuContext } from "../../../lib/gpu/device.ts";

Deno.test("chooseExecutionProvider() keeps an explicit choice", async () => {
  for (const ep of ["cpu", "cuda", "webgpu"] as const) {
    assertEquals(await chooseExecutionProvider(["cpu"], ep), {
      ep,
      reason: "requested by the caller",
    });
  }
});

Deno.test("chooseExecutionProvider() auto: CPU when the build has neither CUDA nor WebGPU", async () => {
  assertEquals(await chooseExecutionProvider(["cpu"], "auto"), {
    ep: "cpu",
    reason: "auto: the CUDA provider libraries are not installed; " +
      "this onnxruntime-node build has no WebGPU provider",
  });
});

Deno.test("chooseExecutionProvider() auto follows the CUDA files and the WebGPU adapter found here", async () => {
  const choice = await chooseExecutionProvider(["cpu", "webgpu", "cuda"], "auto");
  const adapter = await describeGpu();
  await releaseGpuContext();
  const expected = cudaProviderInstalled()
    ? "cuda"
    : adapter && !adapter.isFallbackAdapter
    ? "webgpu"
    : "cpu";
  assertStrictEquals(choice.ep, expected, choice.reason);
  if (expected === "cpu" && adapter?.isFallbackAdapter) {
    assertStrictEquals(
      choice.reason,
      "auto: the CUDA provider libraries are not installed; the only WebGPU adapter is a software fallback",
    );
  }
});
