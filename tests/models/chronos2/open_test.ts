import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { loadChronos2Config } from "../../../models/chronos2/config.ts";
import { createOnnxRunner } from "../../../models/chronos2/onnx_runner.ts";
import { locateChronos2, openChronos2 } from "../../../models/chronos2/open.ts";
import { readSafetensors } from "../../../models/chronos2/weights.ts";

const TINY = "tests/fixtures/chronos2-tiny";

Deno.test("locateChronos2() takes a folder as it is and refuses names that are neither folder nor hub id", async () => {
  assertEquals(await locateChronos2(TINY), { id: TINY, dir: TINY, revision: "local" });
  for (const bad of ["no-such-folder", "./no/such", "a/b/c"]) {
    await assertRejects(() => locateChronos2(bad), Deno.errors.NotFound, "Cannot find the model");
  }
});

Deno.test("openChronos2() opens the session up front and reports its execution provider", async () => {
  const m = await openChronos2(TINY, { executionProvider: "cpu" });
  try {
    assertEquals([m.id, m.dir, m.revision], [TINY, TINY, "local"]);
    assertEquals(m.executionProvider, "cpu");
    assertEquals(m.pipeline.runner.executionProvider, "cpu");
    assert(m.providerReason.length > 0, "a reason is given");
    const [f] = await m.pipeline.predict([[1, 2, 3, 4, 5]], { predictionLength: 2 });
    assertEquals(f!.shape, [1, 21, 2]);
  } finally {
    await m.pipeline.release();
  }
  const ref = await openChronos2(TINY, { backend: "reference" });
  assertEquals([ref.executionProvider, ref.providerReason], [
    "cpu",
    "plain TypeScript reference forward",
  ]);
  await ref.pipeline.release();
});

Deno.test("the ONNX runner reports no provider before its first session, then the session's", async () => {
  const config = await loadChronos2Config(`${TINY}/config.json`);
  const runner = createOnnxRunner(config, await readSafetensors(`${TINY}/model.safetensors`), {
    executionProvider: "cpu",
  });
  try {
    assertEquals(runner.executionProvider, undefined);
    await runner.forward({
      context: new Float32Array(16).fill(2),
      rows: 1,
      length: 16,
      groupIds: new Int32Array(1),
      futureCovariates: new Float32Array(16).fill(NaN),
      numOutputPatches: 1,
    });
    assertEquals(runner.executionProvider, "cpu");
    assert(typeof runner.providerReason === "string" && runner.providerReason.length > 0);
  } finally {
    await runner.release();
  }
});
