/**
 * A dataset spec for a user's own CSV: the same shape as the steel spec,
 * built from the column names and reading options (what `deno task forecast`
 * gets from its flags), loaded by lib/data's `loadCsvSeries`.
 *
 * @module
 */

import { loadCsvSeries } from "../data/csv_series.ts";
import { parseFrequency } from "../data/frequency.ts";
import { parseUtcOffset } from "../data/timestamp.ts";
import type { DatasetSpec, ExperimentNames } from "./spec.ts";

/** Options of {@linkcode csvDatasetSpec}. */
export interface CsvDatasetOptions {
  /** Short name, used in the default experiment names. @default "csv" */
  name?: string;
  /** The file, when no `--data PATH` is given to `resolve`. */
  path?: string;
  /** The column holding the timestamps. */
  timestampColumn: string;
  /** The column to forecast. */
  targetColumn: string;
  /** Numeric columns kept as covariates, in this order. @default [] */
  covariates?: readonly string[];
  /** Which of `covariates` are known in advance (calendar, schedules); the rest are past-only. @default [] */
  knownInAdvance?: readonly string[];
  /** Text column whose value at each origin segments the errors. @default none */
  segmentColumn?: string;
  /** What a segment is, in words, for reports. @default the segment column's name */
  segmentLabel?: string;
  /** The segments' display order in reports. @default sorted */
  segmentOrder?: readonly string[];
  /** `"iso"` or strftime-like tokens, e.g. `"%d/%m/%Y %H:%M"`. @default "iso" */
  dateFormat?: string;
  /** Zone of timestamps written without one: `"+09:00"`, `"Z"` or minutes east of UTC. @default "Z" */
  utcOffset?: string | number;
  /** Step, e.g. `"15min"`, `"1h"`, or milliseconds. @default the most common step of the file */
  frequency?: string | number;
  /** A `00:00` timestamp closes the day it names. @default false */
  midnightIsEndOfDay?: boolean;
  /** Main seasonal period in steps. @default one day of steps */
  seasonalPeriod?: number;
  /** Weekly period in steps. @default one week of steps */
  weeklyPeriod?: number;
  /** Experiment names. @default `<name>_chronos2`, `<name>_chronos2_finetuned`, `…_finetuned_covariates` */
  experiments?: Partial<ExperimentNames>;
  /** What to do with columns not named above. @default "ignore" */
  extraColumns?: "error" | "warn" | "ignore";
  /** Cell texts that mean "missing" in numeric columns. @default ["", "NA", "NaN", "nan"] */
  naValues?: readonly string[];
}

/**
 * Builds the spec of a user's CSV file.
 *
 * @param options columns, reading options, periods and names
 * @returns the spec
 * @throws {RangeError} when a known-in-advance column is not a covariate, the target is also
 *   a covariate, or the zone or frequency cannot be read
 * @example Usage
 * ```ts
 * import { csvDatasetSpec } from "@chronos-deno/chronos-deno/datasets";
 * import { deepEqual, equal } from "node:assert/strict";
 * const spec = csvDatasetSpec({ name: "plant", timestampColumn: "time", targetColumn: "kWh",
 *   covariates: ["temp", "hour"], knownInAdvance: ["hour"], frequency: "1h" });
 * equal(spec.frequencyMs, 3_600_000);
 * deepEqual(spec.covariates.map((c) => c.knownInAdvance), [false, true]);
 * equal(spec.experiments.zeroShot, "plant_chronos2");
 * ```
 */
export function csvDatasetSpec(options: CsvDatasetOptions): DatasetSpec {
  const name = options.name ?? "csv";
  const covariates = [...(options.covariates ?? [])];
  const known = [...(options.knownInAdvance ?? [])];
  for (const k of known) {
    if (!covariates.includes(k)) {
      throw new RangeError(
        `Cannot treat "${k}" as known in advance: it is not one of the covariates ` +
          `(${covariates.map((c) => `"${c}"`).join(", ") || "none"}): add it to the covariates`,
      );
    }
  }
  if (covariates.includes(options.targetColumn)) {
    throw new RangeError(
      `Cannot use the target "${options.targetColumn}" as a covariate: remove it from the covariates`,
    );
  }
  const utcOffsetMinutes = parseUtcOffset(options.utcOffset ?? "Z");
  const frequencyMs = options.frequency === undefined
    ? undefined
    : parseFrequency(options.frequency);
  const base = `${name}_chronos2`;
  const read = {
    timestampColumn: options.timestampColumn,
    targetColumn: options.targetColumn,
    covariates,
    knownInAdvance: known,
    labelColumns: options.segmentColumn ? [options.segmentColumn] : [],
    dateFormat: options.dateFormat ?? "iso",
    utcOffset: utcOffsetMinutes,
    ...(frequencyMs !== undefined ? { frequency: frequencyMs } : {}),
    ...(options.midnightIsEndOfDay ? { midnightIsEndOfDay: true } : {}),
    extraColumns: options.extraColumns ?? "ignore",
    naValues: [...(options.naValues ?? ["", "NA", "NaN", "nan"])],
  } as const;
  return Object.freeze<DatasetSpec>({
    name,
    target: options.targetColumn,
    timestamp: Object.freeze({
      column: options.timestampColumn,
      format: read.dateFormat,
      utcOffsetMinutes,
      midnightIsEndOfDay: options.midnightIsEndOfDay ?? false,
    }),
    ...(frequencyMs !== undefined ? { frequencyMs } : {}),
    covariates: covariates.map((c) => ({ name: c, knownInAdvance: known.includes(c) })),
    ...(options.seasonalPeriod !== undefined ? { seasonalPeriod: options.seasonalPeriod } : {}),
    ...(options.weeklyPeriod !== undefined ? { weeklyPeriod: options.weeklyPeriod } : {}),
    ...(options.segmentColumn !== undefined
      ? {
        segmentColumn: options.segmentColumn,
        segmentLabel: options.segmentLabel ?? options.segmentColumn,
        ...(options.segmentOrder ? { segmentOrder: [...options.segmentOrder] } : {}),
      }
      : {}),
    experiments: Object.freeze({
      zeroShot: base,
      finetuned: `${base}_finetuned`,
      finetunedCovariates: `${base}_finetuned_covariates`,
      ...options.experiments,
    }),
    async resolve(r = {}) {
      const path = r.data ?? options.path;
      if (path === undefined) {
        throw new Deno.errors.NotFound(
          `No data file given for the dataset "${name}": pass --data PATH`,
        );
      }
      if (!(await isFile(path))) {
        throw new Deno.errors.NotFound(`Cannot find the data file "${path}": check the path`);
      }
      return { path, origin: "argument" as const };
    },
    load: (path, o = {}) =>
      loadCsvSeries(path, {
        ...read,
        covariates: [...read.covariates],
        knownInAdvance: [...read.knownInAdvance],
        labelColumns: [...read.labelColumns],
        naValues: [...read.naValues],
        ...(o.fillGaps ? { fillGaps: true } : {}),
        ...(o.onWarning ? { onWarning: o.onWarning } : {}),
      }),
  });
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}
