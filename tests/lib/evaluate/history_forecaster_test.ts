import { assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { historyForecaster } from "../../../lib/evaluate/history_forecaster.ts";

const series = (target: Float64Array) => ({
  target,
  covariates: [],
  timestamps: target,
  frequencyMs: 1,
});

Deno.test("historyForecaster() gives the rule the history before each origin", async () => {
  const target = Float64Array.from({ length: 20 }, (_, t) => t * t);
  const seen: number[] = [];
  const spy = historyForecaster("spy", (history, n) => {
    seen.push(history.length);
    return Float64Array.from({ length: n }, (_, h) => history[history.length - 1]! + h);
  });
  const progress: number[][] = [];
  const out = await spy.forecast({
    data: series(target),
    origins: [5, 12],
    contextLength: 0,
    predictionLength: 2,
    quantileLevels: [0.5],
    onProgress: (d, t) => progress.push([d, t]),
  });
  assertEquals(seen, [5, 12]);
  assertEquals(Array.from(out.point), [16, 17, 121, 122]);
  assertEquals([out.done, out.interrupted, out.quantiles], [2, false, undefined]);
  assertEquals(progress, [[2, 2]]);
  assertEquals([spy.name, spy.kind], ["spy", "baseline"]);
  assertEquals(Array.from(spy.forecastHistory(new Float64Array([3]), 1)), [3]);
});

Deno.test("historyForecaster() rejects a forecast of the wrong length, naming the model", async () => {
  const bad = historyForecaster("bad", () => new Float64Array(1), "gbdt");
  assertEquals(bad.kind, "gbdt");
  await assertRejects(
    () =>
      bad.forecast({
        data: series(new Float64Array(10)),
        origins: [5],
        contextLength: 0,
        predictionLength: 3,
        quantileLevels: [],
      }),
    {
      name: "RangeError",
      message:
        'Cannot use the forecasts of "bad": it returned 1 values for a prediction length of 3',
    },
  );
});
