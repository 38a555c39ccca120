import { deepEqual, equal, ok, throws } from "node:assert/strict";
import { fitGbdt, forecastGbdt } from "../../../lib/gbdt/gbdt_model.ts";
import type { TimeSeriesData } from "../../../lib/data/types.ts";
import { seededRandom } from "../../_helpers/random.ts";

const STEP = 900_000;
const DAY = 96;

/** A daily profile (high 08:00–18:00) plus small noise; slot of day fully explains it. */
function profileSeries(days: number, seed = 1): TimeSeriesData {
  const rnd = seededRandom(seed);
  const n = days * DAY;
  const target = Float64Array.from({ length: n }, (_, i) => {
    const start = i % DAY; // row i covers slot i mod 96 of its day (end-labelled timestamps)
    return (start >= 32 && start < 72 ? 100 : 20) + (rnd() - 0.5) * 2;
  });
  return {
    source: "profile",
    timestamps: Float64Array.from({ length: n }, (_, i) => Date.UTC(2018, 0, 1, 0, 15) + i * STEP),
    frequencyMs: STEP,
    targetName: "y",
    target,
    covariates: [],
    utcOffsetMinutes: 0,
  };
}

const SPLITS = { train: { start: 0, end: 40 * DAY }, val: { start: 40 * DAY, end: 50 * DAY } };

Deno.test("fitGbdt() learns a daily profile and forecasts it several steps ahead", () => {
  const data = profileSeries(60);
  const model = fitGbdt(data, SPLITS, {
    horizon: 4,
    levels: [0.1, 0.5, 0.9],
    covariates: "none",
    threads: 1,
    numRounds: 300,
    earlyStoppingRounds: 20,
  });
  try {
    ok(model.roundsRun <= 300 && model.bestRound < model.roundsRun);
    equal(model.residualOffsets.length, 4);
    // Noise is uniform on ±1: the 10–90 % offsets lie within it, ordered.
    for (const [lo, mid, hi] of model.residualOffsets as [number, number, number][]) {
      ok(lo < mid && mid < hi && lo > -1.2 && hi < 1.2, `${lo} ${mid} ${hi}`);
    }
    // Origins right at the jumps: 08:00 (slot 32) and 18:00 (slot 72) of day 55.
    const origins = [55 * DAY + 30, 55 * DAY + 70];
    const f = forecastGbdt(model, data, origins);
    const expected = [20, 20, 100, 100, 100, 100, 20, 20];
    for (let i = 0; i < 8; i++) {
      ok(Math.abs(f.point[i]! - expected[i]!) < 2, `row ${i}: ${f.point[i]}`);
    }
    // Quantiles are the point plus each step's offsets.
    for (let r = 0; r < 8; r++) {
      for (let q = 0; q < 3; q++) {
        equal(f.quantiles[r * 3 + q], f.point[r]! + model.residualOffsets[r % 4]![q]!);
      }
    }
  } finally {
    model.booster.free();
  }
});

Deno.test("fitGbdt() thins the training origins to the row cap", () => {
  const data = profileSeries(60);
  const model = fitGbdt(data, SPLITS, {
    horizon: 2,
    levels: [0.5],
    covariates: "none",
    threads: 1,
    numRounds: 5,
    maxRows: 1000,
  });
  try {
    ok(model.rows.train <= 1000 && model.rows.train > 900, `${model.rows.train}`);
    ok(model.rows.val <= 1000);
    deepEqual(model.featureNames.slice(0, 2), ["step", "lag_1"]);
  } finally {
    model.booster.free();
  }
});

Deno.test("fitGbdt() says when a split is shorter than the horizon", () => {
  throws(
    () =>
      fitGbdt(profileSeries(3), { train: { start: 0, end: 200 }, val: { start: 200, end: 203 } }, {
        horizon: 5,
        levels: [0.5],
      }),
    /validation split .* shorter than the prediction length 5/,
  );
});
