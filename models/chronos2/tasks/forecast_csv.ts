/**
 * Forecasting the end of a CSV series (the `forecast` task's library side).
 *
 * @module
 */

import { csvForecastInput } from "../../../lib/data/csv_forecast_input.ts";
import type { Chronos2Pipeline } from "../pipeline.ts";
import type { TaskInput } from "../inputs.ts";
import { formatTimestamp } from "../../../lib/data/timestamp.ts";
import { checkPredictionLength } from "../../../lib/data/prediction_length.ts";

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
  /** A `00:00` timestamp closes the previous day (as some utility exports write it). @default false */
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
  const h = checkPredictionLength(options.predictionLength ?? 64);
  const input = await csvForecastInput(path, {
    predictionLength: h,
    ...(options.timestampColumn !== undefined ? { timestampColumn: options.timestampColumn } : {}),
    ...(options.targetColumn !== undefined ? { targetColumn: options.targetColumn } : {}),
    ...(options.covariates ? { covariates: options.covariates } : {}),
    ...(options.known ? { known: options.known } : {}),
    ...(options.dateFormat !== undefined ? { dateFormat: options.dateFormat } : {}),
    ...(options.utcOffset !== undefined ? { utcOffset: options.utcOffset } : {}),
    ...(options.midnightIsEndOfDay ? { midnightIsEndOfDay: true } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  const task: TaskInput = { target: input.target };
  if (input.pastCovariates) task.pastCovariates = input.pastCovariates;
  if (input.futureCovariates) task.futureCovariates = input.futureCovariates;
  const levels = options.quantileLevels ?? [0.1, 0.5, 0.9];
  const r = await pipeline.predictQuantiles([task], {
    predictionLength: h,
    quantileLevels: levels,
    ...(options.contextLength ? { contextLength: options.contextLength } : {}),
  });
  const q = r.quantiles[0]!.data;
  const last = input.timestamps[input.timestamps.length - 1]!;
  const rows: ForecastRow[] = Array.from({ length: h }, (_, t) => {
    const row: ForecastRow = {
      timestamp: formatTimestamp(last + (t + 1) * input.frequencyMs, input.utcOffsetMinutes),
      median: r.mean[0]!.data[t]!,
      quantiles: levels.map((_, j) => q[t * levels.length + j]!),
    };
    if (t < input.actual.length) row.actual = input.actual[t]!;
    return row;
  });
  return { levels, rows };
}
