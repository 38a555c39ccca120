import { assert, assertEquals, assertStrictEquals } from "../../_helpers/assert.ts";
import { runDoctor } from "../../../lib/runtime/doctor.ts";

Deno.test("runDoctor() fills every section, and auto's choices follow from what it found", async () => {
  const r = await runDoctor({ kernelWorkBytes: [1 << 10, 1 << 26] });
  assertEquals(Object.keys(r).sort(), [
    "auto",
    "cpu",
    "cuda",
    "memory",
    "onnxRuntime",
    "threads",
    "versions",
    "webgpu",
  ]);
  assertStrictEquals(r.versions.deno, Deno.version.deno);
  const ortPackage = JSON.parse(
    Deno.readTextFileSync(
      new URL("../../../node_modules/onnxruntime-node/package.json", import.meta.url),
    ),
  );
  assertStrictEquals(r.versions.onnxRuntime, ortPackage.version);
  assertStrictEquals(r.threads.ortDefaultIntraOp, r.cpu.physicalCores);
  assert(r.memory.totalBytes > 0 && r.memory.availableBytes <= r.memory.totalBytes);
  const names = r.onnxRuntime.providers.map((p) => p.name);
  assert(names.includes("cpu") && names.includes("cuda"), names.join());
  assertEquals(r.onnxRuntime.providers.find((p) => p.name === "cpu")!.usable, true);
  // three kernels at two sizes; below 1 MiB a GPU call never pays
  assertEquals(r.auto.kernels.map((k) => `${k.kernel}@${k.workBytes}`), [
    "window_gather@1024",
    "window_gather@67108864",
    "metric_reduce@1024",
    "metric_reduce@67108864",
    "adam_w@1024",
    "adam_w@67108864",
  ]);
  for (const k of r.auto.kernels.filter((k) => k.workBytes === 1024)) {
    assertStrictEquals(k.path, "cpu");
  }
  const realAdapter = r.webgpu.adapter !== null && !r.webgpu.adapter.isFallbackAdapter;
  if (!realAdapter) {
    for (const k of r.auto.kernels) assertStrictEquals(k.path, "cpu", k.reason);
  }
  if (!r.cuda.installed && !realAdapter) {
    assertStrictEquals(r.auto.model.executionProvider, "cpu", r.auto.model.reason);
  }
  assert(["cpu", "cuda", "webgpu"].includes(r.auto.model.executionProvider));
  // the JSON form carries every section too
  assertEquals(Object.keys(JSON.parse(JSON.stringify(r))).length, 8);
});
