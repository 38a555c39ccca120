import { deepEqual, equal, rejects } from "node:assert/strict";
import { gbdtForecaster } from "../../../lib/gbdt/gbdt_forecaster.ts";
import { fitGbdt, forecastGbdt } from "../../../lib/gbdt/gbdt_model.ts";
import type { TimeSeriesData } from "../../../lib/data/types.ts";
import { seededRandom } from "../../_helpers/random.ts";

function series(n: number): TimeSeriesData {
  const rnd = seededRandom(11);
  const target = Float64Array.from({ length: n }, (_, i) => (i % 96 < 40 ? 80 : 10) + rnd() * 5);
  return {
    source: "s",
    timestamps: Float64Array.from({ length: n }, (_, i) => (i + 1) * 900_000),
    frequencyMs: 900_000,
    targetName: "y",
    target,
    covariates: [],
    utcOffsetMinutes: 540,
  };
}

Deno.test("gbdtForecaster() forecasts as forecastGbdt and refuses other horizons or levels", async () => {
  const data = series(96 * 30);
  const model = fitGbdt(data, {
    train: { start: 0, end: 96 * 20 },
    val: { start: 96 * 20, end: 96 * 25 },
  }, { horizon: 2, levels: [0.1, 0.9], covariates: "none", threads: 1, numRounds: 40 });
  try {
    const f = gbdtForecaster(model, { name: "gbdt", utcOffsetMinutes: 540 });
    equal(f.kind, "gbdt");
    const origins = [96 * 26, 96 * 27 + 5];
    const request = {
      data,
      origins,
      contextLength: 672,
      predictionLength: 2,
      quantileLevels: [0.1, 0.9],
    };
    const out = await f.forecast(request);
    const direct = forecastGbdt(model, data, origins);
    equal(out.done, 2);
    deepEqual([...out.point], [...direct.point]);
    deepEqual([...out.quantiles!], [...direct.quantiles]);
    await rejects(f.forecast({ ...request, predictionLength: 3 }), /trained for 2 steps/);
    await rejects(f.forecast({ ...request, quantileLevels: [0.5] }), /at \[0.1, 0.9\]/);
  } finally {
    model.booster.free();
  }
});
