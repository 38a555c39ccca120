import { deepEqual, equal, ok, throws } from "node:assert/strict";
import { buildFeatures, featureNames } from "../../../lib/gbdt/features.ts";
import type { TimeSeriesData } from "../../../lib/data/types.ts";
import { seededRandom } from "../../_helpers/random.ts";

const STEP = 900_000;

/** Two weeks and a bit of 15-minute data, one known and one measured covariate. */
function series(seed = 1, n = 96 * 16): TimeSeriesData {
  const rnd = seededRandom(seed);
  const target = Float64Array.from({ length: n }, () => rnd() * 100);
  return {
    source: "test",
    // First row ends 2018-01-01 00:15 at +09:00 (interval 00:00–00:15 local, a Monday).
    timestamps: Float64Array.from(
      { length: n },
      (_, i) => Date.UTC(2017, 11, 31, 15, 15) + i * STEP,
    ),
    frequencyMs: STEP,
    targetName: "y",
    target,
    covariates: [
      { name: "tariff", knownInAdvance: true, values: Float64Array.from(target, () => rnd()) },
      { name: "power", knownInAdvance: false, values: Float64Array.from(target, () => rnd()) },
    ],
    utcOffsetMinutes: 540,
  };
}

function copy(d: TimeSeriesData): TimeSeriesData {
  return {
    ...d,
    target: d.target.slice(),
    covariates: d.covariates.map((c) => ({ ...c, values: c.values.slice() })),
  };
}

Deno.test("buildFeatures() uses nothing from the origin on: shifting the future moves no feature", () => {
  const H = 8;
  const origins = [700, 1000, 1400];
  for (const mode of ["none", "past", "past+future"] as const) {
    const d = series();
    const before = buildFeatures(d, origins, { horizon: H, covariates: mode });
    for (const o of origins) {
      const shifted = copy(d);
      // Shift every value from the origin on: the target, the measured covariate, and the
      // known covariate past the horizon (and, without past+future, inside it too).
      const knownFrom = mode === "past+future" ? o + H : o;
      for (let i = o; i < d.target.length; i++) {
        shifted.target[i]! += 1000;
        shifted.covariates[1]!.values[i]! += 1000;
        if (i >= knownFrom) shifted.covariates[0]!.values[i]! += 1000;
      }
      const after = buildFeatures(shifted, [o], { horizon: H, covariates: mode });
      const k = origins.indexOf(o);
      const F = before.names.length;
      const expected = before.data.subarray(k * H * F, (k + 1) * H * F);
      deepEqual([...after.data], [...expected], `mode ${mode}, origin ${o}`);
      // The labels are the future, and do move.
      ok(after.labels.every((v, j) => v === Math.fround(d.target[o + j]! + 1000)));
    }
  }
});

Deno.test("buildFeatures() with past+future sees the known covariate at the target row", () => {
  const d = series();
  const m = buildFeatures(d, [800], { horizon: 3, covariates: "past+future" });
  const col = m.names.indexOf("tariff@t");
  const F = m.names.length;
  for (let h = 0; h < 3; h++) {
    equal(m.data[h * F + col], Math.fround(d.covariates[0]!.values[800 + h]!));
  }
  const lag = m.names.indexOf("power@lag_1");
  equal(m.data[lag], Math.fround(d.covariates[1]!.values[799]!));
  deepEqual(
    featureNames(d, "past").slice(-4),
    ["tariff@lag_1", "tariff@lag_2", "power@lag_1", "power@lag_2"],
  );
  equal(featureNames(d, "none").length, 20);
});

Deno.test("buildFeatures() computes lags, windows and calendar as by hand", () => {
  const d = series(3);
  const y = d.target;
  const o = 96 * 8 + 5; // Tuesday of the second week, 01:15 local (interval start of row o)
  const m = buildFeatures(d, [o], { horizon: 2, covariates: "none" });
  const F = m.names.length;
  const get = (name: string, h = 1) => m.data[(h - 1) * F + m.names.indexOf(name)]!;
  const f = Math.fround;
  equal(get("step", 2), 2);
  equal(get("lag_1"), f(y[o - 1]!));
  equal(get("lag_4"), f(y[o - 4]!));
  equal(get("lag_1_day_before"), f(y[o - 97]!));
  equal(get("same_step_day_before", 2), f(y[o + 1 - 96]!));
  equal(get("same_step_week_before", 2), f(y[o + 1 - 672]!));
  equal(get("diff_1"), f(y[o - 1]! - y[o - 2]!));
  let sum = 0;
  let max = -Infinity;
  for (let i = o - 96; i < o; i++) {
    sum += y[i]!;
    max = Math.max(max, y[i]!);
  }
  ok(Math.abs(get("mean_day") - sum / 96) < 1e-3);
  equal(get("max_day"), f(max));
  const w = [y[o - 4]!, y[o - 3]!, y[o - 2]!, y[o - 1]!];
  ok(Math.abs(get("mean_4") - w.reduce((a, b) => a + b) / 4) < 1e-4);
  // Row o covers 01:15–01:30 local on Tuesday 2018-01-09.
  equal(get("hour"), 1);
  equal(get("slot_of_day"), 5);
  equal(get("weekday"), 2);
  equal(get("slot_of_day", 2), 6);
  equal(m.labels[1], f(y[o + 1]!));
});

Deno.test("buildFeatures() marks history before the series start as missing", () => {
  const m = buildFeatures(series(), [2], { horizon: 1, covariates: "past" });
  const get = (name: string) => m.data[m.names.indexOf(name)]!;
  ok(Number.isNaN(get("lag_3")));
  ok(Number.isNaN(get("same_step_week_before")));
  ok(Number.isFinite(get("lag_2")));
  ok(Number.isNaN(get("std_16")) === false);
});

Deno.test("buildFeatures() refuses bad horizons and origins", () => {
  throws(() => buildFeatures(series(), [10], { horizon: 0 }), /horizon must be/);
  throws(() => buildFeatures(series(), [0], { horizon: 1 }), /origin 0/);
});
