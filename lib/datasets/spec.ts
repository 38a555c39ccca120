/**
 * The shape every dataset takes: which column is the target, how timestamps
 * are read, which covariates are known in advance, the frequency and seasonal
 * periods, the column that segments errors, the default experiment names,
 * and how the file is found and loaded. The steel file is the first spec
 * (`STEEL_SPEC`); a user's own CSV gets one from {@linkcode csvDatasetSpec}.
 * Tasks take a spec; nothing below them needs to know which dataset it is.
 *
 * @module
 */

import type { TimeSeriesData } from "../data/types.ts";

export { type SeasonalPeriods, seasonalPeriods } from "../data/frequency.ts";

/** How the timestamp column is read. */
export interface TimestampSpec {
  /** The column holding the timestamps, e.g. `"date"`. */
  column: string;
  /** `"iso"` or strftime-like tokens, e.g. `"%d/%m/%Y %H:%M"`. */
  format: string;
  /** Zone of timestamps written without one, in minutes east of UTC (540 = +09:00). */
  utcOffsetMinutes: number;
  /** A `00:00` timestamp closes the day it names (it is moved to the next day). */
  midnightIsEndOfDay: boolean;
}

/** One covariate of a dataset and whether its future values are known at forecast time. */
export interface CovariateSpec {
  /** Covariate name, as the loader names it. */
  name: string;
  /** Calendar, schedule or tariff (true); a measurement that would leak the target (false). */
  knownInAdvance: boolean;
}

/** Default MLflow experiment of each task that runs on the dataset. */
export interface ExperimentNames {
  /** Zero-shot evaluation runs. */
  zeroShot: string;
  /** Fine-tuning runs without covariates. */
  finetuned: string;
  /** Fine-tuning runs with covariates. */
  finetunedCovariates: string;
}

/** Where a data file was found. */
export type DataOrigin = "argument" | "env" | "cache" | "download";

/** Options of {@linkcode DatasetSpec.resolve}. */
export interface ResolveDataOptions {
  /** A local copy given by the user (`--data PATH`); wins over everything else. */
  data?: string;
  /** Download when no local copy or cache exists (datasets that can be downloaded). @default true */
  download?: boolean;
  /** Receives warnings (e.g. a damaged cache file being replaced). */
  onWarning?: (message: string) => void;
  /** Cancels a download (e.g. on Ctrl-C). */
  signal?: AbortSignal;
}

/** Options of {@linkcode DatasetSpec.load}. */
export interface LoadDataOptions {
  /** Fill missing steps with NaN rows instead of failing. @default false */
  fillGaps?: boolean;
  /** Receives warnings (e.g. ignored columns). */
  onWarning?: (message: string) => void;
}

/** A dataset: what its columns mean and how to find and load it. */
export interface DatasetSpec {
  /** Short name, e.g. `"steel"`. */
  readonly name: string;
  /** The column to forecast, e.g. `"Usage_kWh"`. */
  readonly target: string;
  /** How timestamps are read. */
  readonly timestamp: TimestampSpec;
  /** Step between rows in milliseconds (900000 = 15 minutes); undefined = inferred on load. */
  readonly frequencyMs?: number;
  /** The covariates the loader returns, in their order. */
  readonly covariates: readonly CovariateSpec[];
  /** Main seasonal period in steps (one day: 96 at 15 minutes): MASE scale, daily naive. @default one day of steps */
  readonly seasonalPeriod?: number;
  /** Longer seasonal period in steps (one week: 672 at 15 minutes): weekly naive. @default one week of steps */
  readonly weeklyPeriod?: number;
  /** Label column whose value at each origin segments the errors (e.g. load type), if any. */
  readonly segmentColumn?: string;
  /** What a segment is, in words, for reports (e.g. `"load type"`). @default the column name */
  readonly segmentLabel?: string;
  /** The segments' display order (e.g. light, medium, maximum load); others follow, sorted. */
  readonly segmentOrder?: readonly string[];
  /** Default experiment names. */
  readonly experiments: ExperimentNames;
  /**
   * Finds the data file.
   * @param options a local path, whether to download, warnings
   * @returns the path and where it came from
   */
  resolve(options?: ResolveDataOptions): Promise<{ path: string; origin: DataOrigin }>;
  /**
   * Loads and validates the file into a regular series.
   * @param path the file
   * @param options gap filling, warnings
   * @returns the series (target, covariates in spec order, labels)
   */
  load(path: string, options?: LoadDataOptions): Promise<TimeSeriesData>;
}

/**
 * The segment label of each origin, when the spec names a segment column and
 * the series carries it.
 *
 * @param spec the dataset
 * @param data the loaded series
 * @param origins row indices
 * @returns one label per origin, or undefined
 * @example Usage
 * ```ts
 * import { segmentsAt } from "@chronos-deno/chronos-deno/datasets";
 * import { deepEqual } from "node:assert/strict";
 * const data = { labels: { Kind: ["a", "b", "c"] } };
 * deepEqual(segmentsAt({ segmentColumn: "Kind" }, data, [0, 2]), ["a", "c"]);
 * ```
 */
export function segmentsAt(
  spec: Pick<DatasetSpec, "segmentColumn">,
  data: Pick<TimeSeriesData, "labels">,
  origins: readonly number[],
): string[] | undefined {
  const column = spec.segmentColumn === undefined ? undefined : data.labels?.[spec.segmentColumn];
  return column ? origins.map((o) => column[o]!) : undefined;
}
