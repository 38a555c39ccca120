import { assertEquals, assertRejects, assertThrows } from "../../_helpers/assert.ts";
import { csvDatasetSpec } from "../../../lib/datasets/csv_spec.ts";
import { writeTempFile } from "../../_helpers/steel.ts";

const CSV = "time,kWh,temp,hour,kind\n" +
  "2024-01-01 00:00,1.5,3,0,a\n" +
  "2024-01-01 01:00,2.5,4,1,b\n" +
  "2024-01-01 02:00,NA,5,2,a\n";

Deno.test("csvDatasetSpec() fills the spec from the flags, with names derived from its name", () => {
  const spec = csvDatasetSpec({
    name: "plant",
    timestampColumn: "time",
    targetColumn: "kWh",
    covariates: ["temp", "hour"],
    knownInAdvance: ["hour"],
    utcOffset: "+01:00",
    frequency: "1h",
    segmentColumn: "kind",
    experiments: { zeroShot: "mine" },
  });
  assertEquals(spec.target, "kWh");
  assertEquals(spec.timestamp, {
    column: "time",
    format: "iso",
    utcOffsetMinutes: 60,
    midnightIsEndOfDay: false,
  });
  assertEquals(spec.frequencyMs, 3_600_000);
  assertEquals(spec.covariates, [
    { name: "temp", knownInAdvance: false },
    { name: "hour", knownInAdvance: true },
  ]);
  assertEquals([spec.segmentColumn, spec.segmentLabel, spec.segmentOrder], [
    "kind",
    "kind",
    undefined,
  ]);
  assertEquals(spec.seasonalPeriod, undefined); // left to the frequency
  assertEquals(spec.experiments, {
    zeroShot: "mine",
    finetuned: "plant_chronos2_finetuned",
    finetunedCovariates: "plant_chronos2_finetuned_covariates",
  });
});

Deno.test("csvDatasetSpec() refuses a known column that is not a covariate, and the target as a covariate", () => {
  assertThrows(
    () =>
      csvDatasetSpec({
        timestampColumn: "t",
        targetColumn: "y",
        covariates: ["a"],
        knownInAdvance: ["b"],
      }),
    {
      name: "RangeError",
      message:
        'Cannot treat "b" as known in advance: it is not one of the covariates ("a"): add it to the covariates',
    },
  );
  assertThrows(
    () => csvDatasetSpec({ timestampColumn: "t", targetColumn: "y", covariates: ["y"] }),
    { name: "RangeError", message: /^Cannot use the target "y" as a covariate/ },
  );
});

Deno.test("csvDatasetSpec() loads the file through the same shape: values, NA, zone, labels", async () => {
  const path = await writeTempFile(CSV, "plant.csv");
  const spec = csvDatasetSpec({
    path,
    timestampColumn: "time",
    targetColumn: "kWh",
    covariates: ["temp", "hour"],
    knownInAdvance: ["hour"],
    dateFormat: "%Y-%m-%d %H:%M",
    utcOffset: "+01:00",
    segmentColumn: "kind",
  });
  const found = await spec.resolve();
  assertEquals(found, { path, origin: "argument" });
  const data = await spec.load(found.path);
  assertEquals(Array.from(data.target), [1.5, 2.5, NaN]);
  assertEquals(data.timestamps[0], Date.UTC(2023, 11, 31, 23, 0)); // 00:00 at +01:00
  assertEquals(data.frequencyMs, 3_600_000);
  assertEquals(data.covariates.map((c) => [c.name, c.knownInAdvance, Array.from(c.values)]), [
    ["temp", false, [3, 4, 5]],
    ["hour", true, [0, 1, 2]],
  ]);
  assertEquals(data.labels?.kind, ["a", "b", "a"]);
});

Deno.test("csvDatasetSpec() resolve says to pass --data when no file is known", async () => {
  const spec = csvDatasetSpec({ name: "x", timestampColumn: "t", targetColumn: "y" });
  await assertRejects(() => spec.resolve(), {
    name: "NotFound",
    message: 'No data file given for the dataset "x": pass --data PATH',
  });
  await assertRejects(() => spec.resolve({ data: "/nonexistent/file.csv" }), {
    name: "NotFound",
    message: 'Cannot find the data file "/nonexistent/file.csv": check the path',
  });
});
