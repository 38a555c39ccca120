/**
 * The general CSV loader: a user's file with a timestamp column, a target and
 * optional numeric covariates, validated into a strictly regular series.
 *
 * @module
 */

import { readCsvTable } from "./polars.ts";
import { ProblemList } from "./_problems.ts";
import { seriesFromTable } from "./_series_from_table.ts";
import type { TimeSeriesData } from "./types.ts";

/** How to read a user's CSV file. */
export interface CsvSeriesOptions {
  /** The column holding the timestamps. */
  timestampColumn: string;
  /** The column to forecast. */
  targetColumn: string;
  /** Numeric columns to keep as covariates, in this order. @default [] */
  covariates?: string[];
  /** Which of `covariates` are known in advance (calendar, schedules); the rest are past-only. @default [] */
  knownInAdvance?: string[];
  /** Text columns to keep per row in `labels`. @default [] */
  labelColumns?: string[];
  /** Date format: `"iso"` or strftime-like tokens, e.g. `"%d/%m/%Y %H:%M"`. @default "iso" */
  dateFormat?: string;
  /** Zone of timestamps written without one: `"+09:00"`, `"Z"` or minutes east of UTC. @default "Z" */
  utcOffset?: string | number;
  /** Expected step, e.g. `"15min"`, `"1h"`, or milliseconds. @default the most common step */
  frequency?: string | number;
  /** Fill missing steps with NaN rows instead of failing. @default false */
  fillGaps?: boolean;
  /** Sort rows by time instead of failing on rows that go back in time. @default false */
  sort?: boolean;
  /** A `00:00` timestamp closes the day it names (moves it to the next day), as in the UCI steel file. @default false */
  midnightIsEndOfDay?: boolean;
  /** What to do with columns not named above. @default "warn" */
  extraColumns?: "error" | "warn" | "ignore";
  /** Cell texts that mean "missing" (become NaN) in numeric columns, e.g. `["NA", ""]`. @default [] */
  naValues?: string[];
  /** Field separator. @default "," */
  separator?: string;
  /** The file's bytes when they are already in memory (e.g. a request body); `path` then only names it. */
  content?: Uint8Array;
  /** Receives warnings (e.g. ignored columns). */
  onWarning?: (message: string) => void;
}

/**
 * Loads a CSV file as a strictly regular time series. All problems are collected and
 * thrown once: missing or unexpected columns by name, unparsable numbers or dates with row,
 * column and value, duplicate timestamps, gaps (unless `fillGaps`), irregular steps.
 *
 * @param path the CSV file
 * @param options which columns mean what, the date format, zone and frequency
 * @returns the series (timestamps in epoch ms, UTC)
 * @throws {DataValidationError} listing every problem in the data
 * @throws {RangeError} when the options contradict themselves (e.g. a covariate that is also the target)
 * @throws {Deno.errors.NotFound} when the file does not exist
 * @example Usage
 * ```ts ignore
 * import { loadCsvSeries } from "./csv_series.ts";
 * const data = await loadCsvSeries("load.csv", {
 *   timestampColumn: "time",
 *   targetColumn: "kWh",
 *   covariates: ["temperature", "hour"],
 *   knownInAdvance: ["hour"],
 *   frequency: "1h",
 *   utcOffset: "+01:00",
 * });
 * console.log(data.target.length, data.frequencyMs);
 * ```
 */
export async function loadCsvSeries(
  path: string,
  options: CsvSeriesOptions,
): Promise<TimeSeriesData> {
  const table = await readCsvTable(path, {
    ...(options.separator ? { separator: options.separator } : {}),
    ...(options.content ? { content: options.content } : {}),
  });
  const problems = new ProblemList();
  const data = seriesFromTable(table, path, options, problems);
  problems.throwIfAny(path);
  return data!;
}
