import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { assertClose } from "../../_helpers/assert_close.ts";
import { evaluateBaselines } from "../../../lib/baselines/evaluate_baselines.ts";
import { loadSteelData } from "../../../lib/datasets/steel.ts";
import type { TimeSeriesData } from "../../../lib/data/types.ts";
import { RESULTS_SCHEMA } from "../../../lib/results/schema.ts";
import { generatedSteelPath, realSteelPath } from "../../_helpers/steel.ts";

const REAL = realSteelPath();

Deno.test({
  name: "evaluateBaselines() reproduces dataset.md's one-step table on the real file",
  ignore: REAL === undefined,
  fn: async () => {
    const data = await loadSteelData(REAL!);
    // dataset.md "Reference one-step-ahead baselines", RMSE / MAE / R².
    const expected: Record<string, Record<string, [number, number, number]>> = {
      test: {
        "persistence": [11.615, 5.014, 0.861],
        "daily naive": [26.764, 14.427, 0.263],
        "weekly naive": [24.425, 12.835, 0.386],
        "train mean": [31.44, 27.81, -0.017],
      },
      val: {
        "persistence": [12.670, 5.723, 0.829],
        "daily naive": [28.764, 15.240, 0.119],
        "weekly naive": [24.921, 12.869, 0.338],
        "train mean": [30.99, 27.60, -0.023],
      },
    };
    for (const split of ["test", "val"] as const) {
      const r = await evaluateBaselines(data, { split, predictionLength: 1 });
      assertEquals(r.origins.length, 5256);
      for (const m of r.models) {
        const [rmse, mae, r2] = expected[split]![m.name]!;
        const digits = m.name === "train mean" ? 0.005 : 0.0005; // the table's rounding
        assertClose([m.metrics.rmse, m.metrics.mae], [rmse, mae], {
          atol: digits,
          rtol: 0,
          label: `${split} ${m.name}`,
        });
        assertClose(m.metrics.r2, r2, { atol: 0.0005, rtol: 0, label: `${split} ${m.name} R²` });
      }
    }
    // Persistence on test: WAPE 20.4 %; MAPE skipped the one zero actual.
    const test = await evaluateBaselines(data);
    assertClose(test.models[0]!.metrics.wape, 20.4, { atol: 0.05, rtol: 0 });
    assertEquals(test.models[0]!.metrics.mapeSkipped, 1);
  },
});

/** Independent float64 loop: RMSE and MAE of a rule over the flattened windows. */
function reference(
  y: Float64Array,
  origins: number[],
  h: number,
  rule: (o: number, k: number) => number,
) {
  let se = 0;
  let ae = 0;
  for (const o of origins) {
    for (let k = 0; k < h; k++) {
      const e = y[o + k]! - rule(o, k);
      se += e * e;
      ae += Math.abs(e);
    }
  }
  const n = origins.length * h;
  return [Math.sqrt(se / n), ae / n];
}

Deno.test("evaluateBaselines() scores multi-step windows like an independent loop", async () => {
  const data = await loadSteelData(await generatedSteelPath());
  const y = data.target;
  const r = await evaluateBaselines(data, { split: "val", predictionLength: 4, stride: 7 });
  // val = rows 24528..29783; origins every 7 steps while o + 3 <= 29783
  assertEquals(r.origins[0], 24528);
  assertEquals(r.origins.at(-1)! + 4 <= 29784 && r.origins.at(-1)! + 7 + 4 > 29784, true);
  const rules: Record<string, (o: number, k: number) => number> = {
    "persistence": (o) => y[o - 1]!,
    "daily naive": (o, k) => y[o - 96 + k]!,
    "weekly naive": (o, k) => y[o - 672 + k]!,
  };
  let trainSum = 0;
  for (let i = 0; i < 24528; i++) trainSum += y[i]!;
  rules["train mean"] = () => trainSum / 24528;
  for (const m of r.models) {
    assertClose([m.metrics.rmse, m.metrics.mae], reference(y, r.origins, 4, rules[m.name]!), {
      atol: 1e-9,
      label: m.name,
    });
    assertEquals(m.metrics.n, r.origins.length * 4);
    assertEquals(m.point.length, r.origins.length);
    assertEquals(m.point[0]!.length, 4);
  }
});

Deno.test("evaluateBaselines() returns a results file with shared origins and labels", async () => {
  const data = await loadSteelData(await generatedSteelPath());
  const r = await evaluateBaselines(data, {
    split: "test",
    predictionLength: 2,
    maxPredictions: 10,
    segmentColumn: "Load_Type",
  });
  assertEquals(r.schema, RESULTS_SCHEMA);
  assertEquals(r.task, "baselines");
  assertEquals(r.config.split, "test");
  assertEquals(r.config.predictionLength, 2);
  assertEquals(r.config.covariates, "none");
  assertEquals(r.origins.length, 10);
  assertEquals([r.origins[0], r.origins.at(-1)], [29784, 35038]);
  assertEquals(r.timestamps[0], "2018-11-07T06:15:00+09:00");
  assertEquals(r.actuals[0], [data.target[29784], data.target[29785]]);
  assertEquals(r.loadType![0], data.labels!.Load_Type![29784]);
  assertEquals(r.models.map((m) => [m.name, m.kind]), [
    ["persistence", "baseline"],
    ["daily naive", "baseline"],
    ["weekly naive", "baseline"],
    ["train mean", "baseline"],
  ]);
  // JSON has no NaN: NaN metrics (wql, coverage) become null.
  const json = JSON.parse(JSON.stringify(r));
  assertEquals(json.models[0].metrics.wql, null);
  assert(Number.isFinite(r.models[0]!.metrics.mase));
});

Deno.test("evaluateBaselines() starts train-split origins after one week of history", async () => {
  const n = 3000;
  const data: TimeSeriesData = {
    source: "ramp",
    timestamps: Float64Array.from({ length: n }, (_, i) => i * 900_000),
    frequencyMs: 900_000,
    targetName: "y",
    target: Float64Array.from({ length: n }, (_, i) => i % 96),
    covariates: [],
  };
  const r = await evaluateBaselines(data, { split: "train" });
  assertEquals(r.origins[0], 672);
  assertEquals(r.config.maseSeasonalPeriod, 96); // one day of 15-minute steps
  assertEquals(r.models[1]!.metrics.rmse, 0); // a pure daily cycle
  assertEquals(r.loadType, undefined); // no segment column named
  await assertRejects(() => evaluateBaselines(data, { predictionLength: 1000 }), RangeError);
});

Deno.test("evaluateBaselines() takes its seasonal periods from the data's frequency, or as given", async () => {
  const n = 24 * 7 * 10;
  const hourly: TimeSeriesData = {
    source: "hourly",
    timestamps: Float64Array.from({ length: n }, (_, i) => i * 3_600_000),
    frequencyMs: 3_600_000,
    targetName: "y",
    target: Float64Array.from({ length: n }, (_, i) => (i % 24) + 100 * Math.floor(i / 168)),
    covariates: [],
  };
  const r = await evaluateBaselines(hourly, { split: "test" });
  assertEquals([r.config.maseSeasonalPeriod, r.config.contextLength], [24, 168]);
  // y(t) − y(t−24) is 0 except across a week boundary (a jump of 100): the daily naive errs there
  const daily = r.models[1]!;
  r.origins.forEach((o, i) => assertEquals(daily.point[i]![0], hourly.target[o - 24]));
  const given = await evaluateBaselines(hourly, { seasonalPeriod: 12, weeklyPeriod: 48 });
  assertEquals([given.config.maseSeasonalPeriod, given.config.contextLength], [12, 48]);
  const odd = { ...hourly, frequencyMs: 7 * 60_000 };
  await assertRejects(() => evaluateBaselines(odd), {
    name: "RangeError",
    message:
      "Cannot derive the daily period from a step of 420000 ms: set the dataset's seasonalPeriod in steps",
  });
});
