/**
 * Which series rows form each evaluation window's group for Chronos-2, by
 * covariate mode, in the official row order: the target, then the past-only
 * covariates, then the known-future covariates.
 *
 * @module
 */

/** How covariates enter each window. */
export type CovariateMode = "none" | "past" | "past+future";

/** The accepted covariate modes, for option parsing. */
export const COVARIATE_MODES: readonly CovariateMode[] = ["none", "past", "past+future"];

/** One covariate column (same shape as lib/data's Covariate). */
export interface CovariateColumn {
  /** Column name. */
  readonly name: string;
  /** One value per row of the series. */
  readonly values: ArrayLike<number>;
  /** Whether its future values are known in advance (calendar, tariff schedule). */
  readonly knownInAdvance: boolean;
}

/** The series a window is built from (same shape as lib/data's TimeSeriesData). */
export interface WindowSeriesSource {
  /** Target column name. */
  readonly targetName: string;
  /** Target values. */
  readonly target: ArrayLike<number>;
  /** Covariate columns, each as long as the target. */
  readonly covariates: readonly CovariateColumn[];
}

/** What the window kernel needs for one covariate mode. */
export interface WindowRows {
  /** Row names in group order: the target first. */
  names: string[];
  /** The rows' values (row 0 = target), equal length, as the window kernel takes them. */
  series: Float32Array[];
  /** Per row: whether its values at the forecast steps are given as known future values. */
  futureKnown: boolean[];
  /** Number of past-only covariate rows (they follow the target). */
  pastOnly: number;
  /** Number of known-future covariate rows (they come last). */
  knownFuture: number;
}

/**
 * Chooses and orders the rows of each window's group for a covariate mode:
 * `none` gives the target alone; `past` adds every covariate as a past-only
 * row; `past+future` gives covariates marked `knownInAdvance` (calendar,
 * tariff) as known-future rows and the others (measurements, which would leak
 * the target at the forecast step) as past-only rows. Within each class the
 * data's column order is kept.
 *
 * @param data target and covariates
 * @param mode the covariate mode
 * @returns row names, values, and which rows carry known future values
 * @throws {RangeError} when a covariate's length differs from the target's
 * @throws {TypeError} when the mode is not one of {@linkcode COVARIATE_MODES}
 * @example Usage
 * ```ts
 * import { windowRows } from "@chronos-deno/chronos-deno/evaluate";
 * import { deepEqual } from "node:assert/strict";
 * const data = {
 *   targetName: "y",
 *   target: [1, 2, 3],
 *   covariates: [
 *     { name: "hour", values: [0, 1, 2], knownInAdvance: true },
 *     { name: "co2", values: [5, 6, 7], knownInAdvance: false },
 *   ],
 * };
 * const rows = windowRows(data, "past+future");
 * deepEqual(rows.names, ["y", "co2", "hour"]);
 * deepEqual(rows.futureKnown, [false, false, true]);
 * ```
 */
export function windowRows(data: WindowSeriesSource, mode: CovariateMode): WindowRows {
  if (!COVARIATE_MODES.includes(mode)) {
    throw new TypeError(
      `Cannot build window rows: unknown covariate mode "${String(mode)}": use one of ${
        COVARIATE_MODES.map((m) => `"${m}"`).join(", ")
      }`,
    );
  }
  const length = data.target.length;
  for (const c of data.covariates) {
    if (c.values.length !== length) {
      throw new RangeError(
        `Cannot build window rows: covariate "${c.name}" has ${c.values.length} values but the ` +
          `target "${data.targetName}" has ${length}: give every column one value per row`,
      );
    }
  }
  const past = mode === "none"
    ? []
    : data.covariates.filter((c) => mode === "past" || !c.knownInAdvance);
  const future = mode === "past+future" ? data.covariates.filter((c) => c.knownInAdvance) : [];
  const ordered = [...past, ...future];
  return {
    names: [data.targetName, ...ordered.map((c) => c.name)],
    series: [Float32Array.from(data.target), ...ordered.map((c) => Float32Array.from(c.values))],
    futureKnown: [false, ...past.map(() => false), ...future.map(() => true)],
    pastOnly: past.length,
    knownFuture: future.length,
  };
}
