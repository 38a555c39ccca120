import { assert, assertEquals, assertRejects } from "../../../_helpers/assert.ts";
import { steelCsvPath } from "../../../_helpers/steel.ts";
import { runZeroShotTask } from "../../../../models/chronos2/tasks/zero_shot.ts";
import { STEEL_SPEC } from "../../../../lib/datasets/steel_spec.ts";

const TINY = "tests/fixtures/chronos2-tiny";

Deno.test("runZeroShotTask() opens the named model, records its provider and returns where it wrote", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const data = (await steelCsvPath()).path;
    const info: string[] = [];
    const out = await runZeroShotTask({
      dataset: STEEL_SPEC,
      model: TINY,
      data,
      tracker: false,
      maxPredictions: 3,
      contextLength: 64,
      device: "cpu",
      outputDir: dir,
      onInfo: (l) => info.push(l),
    });
    assertEquals([out.dataPath, out.modelDir, out.status], [data, TINY, "FINISHED"]);
    assertEquals(out.runId, undefined);
    assertEquals(out.results.origins.length, 3);
    assertEquals(out.results.config.executionProvider, "cpu");
    assert(String(out.results.config.executionProviderReason).length > 0);
    assert(out.resultsPath!.startsWith(dir));
    assertEquals(info.slice(0, 3).map((l) => l.split(/[ :]/)[0]), [
      "Data",
      "Evaluating",
      "Execution",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runZeroShotTask() checks the origins before the model: a horizon past the split fails first", async () => {
  const data = (await steelCsvPath()).path;
  // the model name would be a NotFound; the RangeError shows it was never opened
  await assertRejects(
    () =>
      runZeroShotTask({
        dataset: STEEL_SPEC,
        model: "no-such-folder",
        data,
        tracker: false,
        predictionLength: 6000,
      }),
    RangeError,
  );
});
