import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { STEEL_COVARIATES, steelCovariates } from "../../../lib/datasets/steel_covariates.ts";

const f = (...v: number[]) => new Float64Array(v);
const NUMERIC = {
  NSM: f(900, 0, 85500),
  "CO2(tCO2)": f(0, 0.01, 0.02),
  "Lagging_Current_Reactive.Power_kVarh": f(1, 2, 3),
  "Leading_Current_Reactive_Power_kVarh": f(4, 5, 6),
  "Lagging_Current_Power_Factor": f(70, 80, 90),
  "Leading_Current_Power_Factor": f(100, 99, 98),
};

Deno.test("steelCovariates() encodes WeekStatus and one-hot Load_Type, in contract order", () => {
  const cov = steelCovariates(NUMERIC, {
    WeekStatus: ["Weekday", "Weekend", ""],
    Load_Type: ["Light_Load", "Maximum_Load", "Medium_Load"],
  });
  assertEquals(cov.map((c) => c.name), STEEL_COVARIATES.map((c) => c.name));
  assertEquals(cov.map((c) => c.knownInAdvance), [
    true,
    true,
    true,
    true,
    false,
    false,
    false,
    false,
    false,
  ]);
  assertEquals(Array.from(cov[0]!.values), [0, 1, NaN]); // "" (filled gap) is NaN
  assertEquals(Array.from(cov[1]!.values), [0, 1, 0]); // Maximum
  assertEquals(Array.from(cov[2]!.values), [0, 0, 1]); // Medium
  assertEquals(Array.from(cov[3]!.values), [900, 0, 85500]);
  assertEquals(Array.from(cov[8]!.values), [100, 99, 98]);
});

Deno.test("steelCovariates() rejects unknown labels, missing columns and length mismatches", () => {
  const labels = { WeekStatus: ["Weekday"], "Load_Type": ["Heavy"] };
  const one = Object.fromEntries(Object.entries(NUMERIC).map(([k, v]) => [k, v.subarray(0, 1)]));
  assertThrows(() => steelCovariates(one, labels), /Cannot encode "Heavy" in column "Load_Type"/);
  assertThrows(() => steelCovariates(one, { WeekStatus: ["Weekday"] }), RangeError);
  const { NSM: _, ...noNsm } = one;
  assertThrows(
    () => steelCovariates(noNsm, { WeekStatus: ["Weekday"], Load_Type: ["Light_Load"] }),
    /column "NSM" is missing/,
  );
  assertThrows(
    () => steelCovariates(NUMERIC, { WeekStatus: ["Weekday"], Load_Type: ["Light_Load"] }),
    /has 3 rows, expected 1/,
  );
});
