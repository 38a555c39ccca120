import { assert, assertEquals, assertRejects } from "../../../_helpers/assert.ts";
import { steelCsvPath, writeTempFile } from "../../../_helpers/steel.ts";
import { runZeroShotTask } from "../../../../models/chronos2/tasks/zero_shot.ts";
import { STEEL_SPEC } from "../../../../lib/datasets/steel_spec.ts";
import { csvDatasetSpec } from "../../../../lib/datasets/csv_spec.ts";

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

Deno.test("runZeroShotTask() evaluates a user's hourly CSV through a spec built like the flags build it", async () => {
  const n = 24 * 7 * 6;
  const lines = ["time,kWh,hour,kind"];
  for (let i = 0; i < n; i++) {
    const t = new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString();
    lines.push(
      `${t},${(50 + 10 * Math.sin((2 * Math.PI * i) / 24)).toFixed(3)},${i % 24},k${i % 3}`,
    );
  }
  const path = await writeTempFile(lines.join("\n") + "\n", "plant.csv");
  const dataset = csvDatasetSpec({
    name: "plant",
    path,
    timestampColumn: "time",
    targetColumn: "kWh",
    covariates: ["hour"],
    knownInAdvance: ["hour"],
    segmentColumn: "kind",
  });
  const out = await runZeroShotTask({
    dataset,
    model: TINY,
    tracker: false,
    maxPredictions: 4,
    contextLength: 48,
    covariates: "past+future",
    device: "cpu",
    outputDir: null,
  });
  const r = out.results;
  assertEquals(out.dataPath, path);
  assertEquals(r.config.rows, ["kWh", "hour"]);
  assertEquals(r.models.map((m) => m.name), [
    "chronos-2 zero-shot",
    "persistence",
    "daily naive",
    "weekly naive",
  ]);
  // one day is 24 hourly steps, one week 168: the naive baselines look that far back
  const data = await dataset.load(path);
  r.origins.forEach((o, i) => {
    assertEquals(r.models[2]!.point[i]![0], data.target[o - 24]);
    assertEquals(r.models[3]!.point[i]![0], data.target[o - 168]);
  });
  assertEquals(r.loadType, r.origins.map((o) => `k${o % 3}`));
  assert(r.timestamps[0]!.endsWith("Z"));
});

Deno.test("runZeroShotTask() hands its signal (Ctrl-C) to the dataset's download", async () => {
  const ctl = new AbortController();
  let seen: AbortSignal | undefined;
  const dataset = {
    ...STEEL_SPEC,
    resolve: (o: { signal?: AbortSignal } = {}) => {
      seen = o.signal;
      return Promise.reject(new RangeError("Cannot download in this test"));
    },
  };
  await assertRejects(
    () => runZeroShotTask({ dataset, signal: ctl.signal, tracker: false, outputDir: null }),
    RangeError,
  );
  assert(seen === ctl.signal);
});
