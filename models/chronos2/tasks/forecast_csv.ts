/**
 * Forecasting the end of a CSV series (the `forecast` task's library side).
 *
 * @module
 */

import { loadCsvSeries } from "../../../lib/data/csv_series.ts";
import type { Chronos2Pipeline } from "../pipeline.ts";
import type { TaskInput } from "../preprocess.ts";
import { formatTimestamp } from "../../../lib/data/timestamp.ts";

/** Options of {@link forecastCsv}. */
export interface ForecastCsvOptions {
  /** Timestamp column. @default "timestamp" */
  timestampColumn?: string;
  /** Target column. @default "target" */
  targetColumn?: string;
  /** Past-only covariate columns. @default [] */
  covariates?: string[];
  /** Known-future covariate columns: the last `predictionLength` rows give their future values and are forecast. @default [] */
  known?: string[];
  /** Horizon. @default 64 */
  predictionLength?: number;
  /** Quantile levels. @default [0.1, 0.5, 0.9] */
  quantileLevels?: number[];
  /** Longest context. @default the model's */
  contextLength?: number;
  /** Date format of the CSV (see `loadCsvSeries`). @default "iso" */
  dateFormat?: string;
  /** Zone of timestamps written without one, e.g. "+09:00" (see `loadCsvSeries`). @default UTC */
  utcOffset?: string;
  /** A `00:00` timestamp closes the previous day (the UCI steel file's convention). @default false */
  midnightIsEndOfDay?: boolean;
  /** Warnings. */
  onWarning?: (msg: string) => void;
}

/** One forecast row. */
export interface ForecastRow {
  /** ISO timestamp. */
  timestamp: string;
  /** Median. */
  median: number;
  /** Value per level (same order as the levels). */
  quantiles: number[];
  /** The CSV's actual value, when the forecast covers rows of the file. */
  actual?: number;
}

/**
 * Forecasts the end of a CSV series.
 *
 * @param pipeline the loaded model
 * @param path the CSV file
 * @param options columns, horizon and levels
 * @returns the levels and one row per forecast step
 * @throws {DataValidationError} for unreadable data
 * @throws {RangeError} when the file is shorter than the horizon with known covariates
 * @example Usage
 * ```ts ignore
 * const { rows } = await forecastCsv(pipeline, "load.csv", { predictionLength: 24 });
 * ```
 */
export async function forecastCsv(
  pipeline: Chronos2Pipeline,
  path: string,
  options: ForecastCsvOptions = {},
): Promise<{ levels: number[]; rows: ForecastRow[] }> {
  const h = options.predictionLength ?? 64;
  if (!Number.isInteger(h) || h <= 0) {
    throw new RangeError(`Prediction length must be a positive integer: got ${h}`);
  }
  const known = options.known ?? [];
  const covs = [...(options.covariates ?? []), ...known];
  const data = await loadCsvSeries(path, {
    timestampColumn: options.timestampColumn ?? "timestamp",
    targetColumn: options.targetColumn ?? "target",
    covariates: covs,
    knownInAdvance: known,
    dateFormat: options.dateFormat ?? "iso",
    ...(options.utcOffset !== undefined ? { utcOffset: options.utcOffset } : {}),
    ...(options.midnightIsEndOfDay ? { midnightIsEndOfDay: true } : {}),
    extraColumns: "ignore",
    naValues: ["", "NA", "NaN", "nan"],
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  const n = data.target.length;
  const hist = known.length > 0 ? n - h : n;
  if (hist < 1) {
    throw new RangeError(
      `The file has ${n} rows: with known covariates it needs more than the horizon ${h}`,
    );
  }
  const task: TaskInput = { target: data.target.subarray(0, hist) };
  if (covs.length > 0) {
    task.pastCovariates = Object.fromEntries(
      data.covariates.map((c) => [c.name, c.values.subarray(0, hist)]),
    );
  }
  if (known.length > 0) {
    task.futureCovariates = Object.fromEntries(
      data.covariates.filter((c) => c.knownInAdvance).map((
        c,
      ) => [c.name, c.values.subarray(hist, hist + h)]),
    );
  }
  const levels = options.quantileLevels ?? [0.1, 0.5, 0.9];
  const r = await pipeline.predictQuantiles([task], {
    predictionLength: h,
    quantileLevels: levels,
    ...(options.contextLength ? { contextLength: options.contextLength } : {}),
  });
  const q = r.quantiles[0]!.data;
  const last = data.timestamps[hist - 1]!;
  const rows: ForecastRow[] = Array.from({ length: h }, (_, t) => {
    const row: ForecastRow = {
      timestamp: formatTimestamp(last + (t + 1) * data.frequencyMs, data.utcOffsetMinutes ?? 0),
      median: r.mean[0]!.data[t]!,
      quantiles: levels.map((_, j) => q[t * levels.length + j]!),
    };
    if (hist + t < n) row.actual = data.target[hist + t]!;
    return row;
  });
  return { levels, rows };
}
