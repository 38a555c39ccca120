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
import type { CsvSeriesOptions } from "./csv_series_options.ts";

export type { CsvSeriesOptions } from "./csv_series_options.ts";

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
 * import { loadCsvSeries } from "@chronos-deno/chronos-deno/data";
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
