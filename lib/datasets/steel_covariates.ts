/**
 * The 9 covariates of the original steel project, derived from the UCI
 * columns, each marked as known in advance (calendar, tariff) or past-only
 * (measurements of the same interval, which would leak the target).
 *
 * @module
 */

import type { Covariate } from "../data/types.ts";

/** The steel covariates in their fixed order, with whether each is known in advance. */
export const STEEL_COVARIATES: readonly { name: string; knownInAdvance: boolean }[] = [
  { name: "WeekStatus", knownInAdvance: true },
  { name: "Load_Type_Maximum_Load", knownInAdvance: true },
  { name: "Load_Type_Medium_Load", knownInAdvance: true },
  { name: "NSM", knownInAdvance: true },
  { name: "CO2(tCO2)", knownInAdvance: false },
  { name: "Lagging_Current_Reactive.Power_kVarh", knownInAdvance: false },
  { name: "Leading_Current_Reactive_Power_kVarh", knownInAdvance: false },
  { name: "Lagging_Current_Power_Factor", knownInAdvance: false },
  { name: "Leading_Current_Power_Factor", knownInAdvance: false },
];

/** The numeric UCI columns that become covariates as they are. */
export const STEEL_NUMERIC_COVARIATES: readonly string[] = STEEL_COVARIATES
  .slice(3)
  .map((c) => c.name);

/**
 * Builds the 9 steel covariates: `WeekStatus` (Weekday 0, Weekend 1), the one-hot
 * `Load_Type_Maximum_Load` and `Load_Type_Medium_Load` (Light dropped), `NSM` (all four
 * known in advance), then CO2, both reactive powers and both power factors (past-only).
 * An empty label (a filled gap) gives NaN.
 *
 * @param numeric the numeric columns by UCI name (`NSM`, `CO2(tCO2)`, …), one value per row
 * @param labels the `WeekStatus` and `Load_Type` texts, one per row
 * @returns the covariates in the order of {@linkcode STEEL_COVARIATES}
 * @throws {RangeError} when a column is missing, lengths differ or a label is unknown
 * @example Usage
 * ```ts
 * import { steelCovariates } from "@chronos-deno/chronos-deno/datasets";
 * import assert from "node:assert/strict";
 * const one = (v: number) => new Float64Array([v]);
 * const cov = steelCovariates(
 *   { NSM: one(900), "CO2(tCO2)": one(0), "Lagging_Current_Reactive.Power_kVarh": one(2.95),
 *     "Leading_Current_Reactive_Power_kVarh": one(0), Lagging_Current_Power_Factor: one(73.21),
 *     Leading_Current_Power_Factor: one(100) },
 *   { WeekStatus: ["Weekday"], Load_Type: ["Medium_Load"] },
 * );
 * assert.deepEqual(cov.map((c) => c.values[0]), [0, 0, 1, 900, 0, 2.95, 0, 73.21, 100]);
 * ```
 */
export function steelCovariates(
  numeric: Record<string, Float64Array>,
  labels: Record<string, readonly string[]>,
): Covariate[] {
  const week = labels.WeekStatus;
  const load = labels.Load_Type;
  if (!week || !load) {
    throw new RangeError(
      "Cannot build the steel covariates: need the WeekStatus and Load_Type labels",
    );
  }
  const n = week.length;
  const code = (texts: readonly string[], column: string, map: Record<string, number>) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const t = texts[i]!;
      const v = t === "" ? NaN : map[t];
      if (v === undefined) {
        throw new RangeError(`Cannot encode "${t}" in column "${column}" at row ${i + 1}`);
      }
      out[i] = v;
    }
    return out;
  };
  const values: Record<string, Float64Array> = {
    WeekStatus: code(week, "WeekStatus", { Weekday: 0, Weekend: 1 }),
    "Load_Type_Maximum_Load": code(load, "Load_Type", {
      Light_Load: 0,
      Medium_Load: 0,
      Maximum_Load: 1,
    }),
    "Load_Type_Medium_Load": code(load, "Load_Type", {
      Light_Load: 0,
      Medium_Load: 1,
      Maximum_Load: 0,
    }),
  };
  for (const name of STEEL_NUMERIC_COVARIATES) {
    const v = numeric[name];
    if (!v) throw new RangeError(`Cannot build the steel covariates: column "${name}" is missing`);
    if (v.length !== n) {
      throw new RangeError(
        `Cannot build the steel covariates: column "${name}" has ${v.length} rows, expected ${n}`,
      );
    }
    values[name] = v;
  }
  return STEEL_COVARIATES.map(({ name, knownInAdvance }) => ({
    name,
    values: values[name]!,
    knownInAdvance,
  }));
}
