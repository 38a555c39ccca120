import { deepEqual, equal, ok, rejects, throws } from "node:assert/strict";
import { fitGbdt, forecastGbdt } from "../../../lib/gbdt/gbdt_model.ts";
import { saveGbdtModel } from "../../../lib/gbdt/gbdt_folder.ts";
import { loadServedGbdt, servedGbdt } from "../../../lib/gbdt/served_gbdt.ts";
import { DataValidationError } from "../../../lib/errors.ts";
import type { TimeSeriesData } from "../../../lib/data/types.ts";
import { seededRandom } from "../../_helpers/random.ts";

function series(n: number): TimeSeriesData {
  const rnd = seededRandom(21);
  const tariff = Float64Array.from({ length: n }, (_, i) => (i % 96 < 40 ? 1 : 0));
  const target = Float64Array.from(tariff, (t) => 10 + 70 * t + rnd() * 5);
  const power = Float64Array.from(target, (v) => 0.3 * v + rnd());
  return {
    source: "s",
    timestamps: Float64Array.from({ length: n }, (_, i) => (i + 1) * 900_000),
    frequencyMs: 900_000,
    targetName: "y",
    target,
    covariates: [
      { name: "tariff", knownInAdvance: true, values: tariff },
      { name: "power", knownInAdvance: false, values: power },
    ],
  };
}

const DATA = series(96 * 30);

function train() {
  return fitGbdt(DATA, {
    train: { start: 0, end: 96 * 20 },
    val: { start: 96 * 20, end: 96 * 25 },
  }, { horizon: 2, levels: [0.1, 0.5, 0.9], covariates: "past+future", threads: 1, numRounds: 50 });
}

/** The request of the series that ends just before row `o`. */
function request(o: number) {
  const slice = (v: Float64Array, a: number, b: number) => Array.from(v.subarray(a, b));
  return {
    target: slice(DATA.target, 0, o),
    pastCovariates: {
      tariff: slice(DATA.covariates[0]!.values, 0, o),
      power: slice(DATA.covariates[1]!.values, 0, o),
    },
    futureCovariates: { tariff: slice(DATA.covariates[0]!.values, o, o + 2) },
  };
}

Deno.test("servedGbdt() forecasts a request as forecastGbdt forecasts the same history", async () => {
  const model = train();
  const served = servedGbdt(model, "xgb", "dir");
  const o = 96 * 26 + 38;
  const [f] = await served.forecast([request(o)], {
    predictionLength: 2,
    quantileLevels: [0.9, 0.1],
  });
  // The same history with unknown timestamps (requests carry none).
  const data = { ...DATA, timestamps: new Float64Array(DATA.target.length).fill(NaN) };
  const direct = forecastGbdt(model, data, [o]);
  deepEqual(f!.mean, [...direct.point]);
  deepEqual(f!.quantiles, [[direct.quantiles[2], direct.quantiles[5]], [
    direct.quantiles[0],
    direct.quantiles[3],
  ]]);
  equal(served.summary.family, "xgboost");
  await served.release();
});

Deno.test("servedGbdt() lists every problem of a request at once", async () => {
  const served = servedGbdt(train(), "xgb", "dir");
  const bad = { target: [1, 2, 3], pastCovariates: { tariff: [1, 0, "x"] } };
  throws(
    () => served.check([bad], { predictionLength: 3, quantileLevels: [0.5, 0.25] }),
    (e: unknown) => {
      ok(e instanceof DataValidationError);
      const text = e.problems.map((p) => p.message).join("\n");
      ok(/forecasts 2 step/.test(text) && /0.25/.test(text), text);
      ok(/"tariff" must be 3 numbers/.test(text) && /"power" must be 3 numbers/.test(text), text);
      ok(/futureCovariates "tariff"/.test(text), text);
      return true;
    },
  );
  await rejects(
    served.forecast([bad], { predictionLength: 2, quantileLevels: [0.5] }),
    DataValidationError,
  );
  await served.release();
});

Deno.test("loadServedGbdt() serves a saved folder under its folder name", async () => {
  const model = train();
  const dir = await Deno.makeTempDir();
  try {
    await saveGbdtModel(model, `${dir}/xgboost_20240101_000000`);
    const served = await loadServedGbdt(`${dir}/xgboost_20240101_000000/`);
    equal(served.name, "xgboost_20240101_000000");
    const [f] = await served.forecast([request(96 * 27)], {
      predictionLength: 2,
      quantileLevels: [0.5],
    });
    equal(f!.mean.length, 2);
    await served.release();
  } finally {
    model.booster.free();
    await Deno.remove(dir, { recursive: true });
  }
});
