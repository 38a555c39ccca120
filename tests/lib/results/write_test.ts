import { assert, assertEquals, assertMatch } from "../../_helpers/assert.ts";
import { resultsFileName, resultsToJson, writeResultsFile } from "../../../lib/results/write.ts";
import { type EvaluationResults, RESULTS_SCHEMA } from "../../../lib/results/schema.ts";

function sample(): EvaluationResults {
  return {
    schema: RESULTS_SCHEMA,
    task: "zero-shot",
    createdAt: "2024-01-02T03:04:05.000Z",
    config: {
      data: "x.csv",
      split: "test",
      contextLength: 4,
      predictionLength: 1,
      covariates: "none",
      quantileLevels: [0.5],
    },
    origins: [7],
    timestamps: ["2018-01-01T00:15:00+09:00"],
    actuals: [[NaN]],
    models: [{
      name: "m",
      kind: "zero-shot",
      metrics: {
        n: 0,
        rmse: NaN,
        mae: Infinity,
        r2: -Infinity,
        mape: 1,
        mapeSkipped: 0,
        wape: 1,
        smape: 1,
        mase: NaN,
        wql: 1,
        coverage: 1,
      },
      point: [[1.25]],
    }],
  };
}

Deno.test("resultsFileName() uses the local date and time", () => {
  assertEquals(
    resultsFileName(new Date(2018, 11, 31, 23, 59, 7)),
    "chronos2_results_20181231_235907.json",
  );
  assertEquals(resultsFileName(new Date(2018, 0, 1, 0, 0, 0), "x"), "x_20180101_000000.json");
});

Deno.test("resultsToJson() writes NaN and infinities as null", () => {
  const parsed = JSON.parse(resultsToJson(sample()));
  assertEquals(parsed.actuals, [[null]]);
  assertEquals(parsed.models[0].metrics.rmse, null);
  assertEquals(parsed.models[0].metrics.mae, null);
  assertEquals(parsed.models[0].metrics.r2, null);
  assertEquals(parsed.models[0].point, [[1.25]]);
});

Deno.test("writeResultsFile() creates the folder and never overwrites", async () => {
  const root = await Deno.makeTempDir();
  try {
    const dir = `${root}/models/foundation`;
    const now = new Date(2024, 4, 6, 7, 8, 9);
    const a = await writeResultsFile(sample(), dir, { now });
    const b = await writeResultsFile(sample(), dir, { now });
    assertEquals(a, `${dir}/chronos2_results_20240506_070809.json`);
    assertMatch(b, /chronos2_results_20240506_070809_2\.json$/);
    const back = JSON.parse(await Deno.readTextFile(a));
    assertEquals(back.schema, RESULTS_SCHEMA);
    assert(back.models[0].metrics.mase === null);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("resultsFileName() refuses a prefix that would leave the results folder", () => {
  for (const bad of ["../x", "a/b", "..", ""]) {
    let threw = false;
    try {
      resultsFileName(new Date(2024, 0, 2), bad);
    } catch (err) {
      threw = err instanceof RangeError;
    }
    assert(threw, JSON.stringify(bad));
  }
});
