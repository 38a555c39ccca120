/**
 * A CSV series cut into what a forecaster needs: the history (target and
 * covariates) and, for covariates known in advance, their values over the
 * horizon, read from the file's last rows. The `forecast` task and the
 * forecast service read CSV this one way.
 *
 * @module
 */

import { loadCsvSeries } from "./csv_series.ts";
import { checkPredictionLength } from "./prediction_length.ts";

/** How to read the CSV (the `forecast` task's options). */
export interface CsvForecastInputOptions {
  /** Timestamp column. @default "timestamp" */
  timestampColumn?: string;
  /** Target column. @default "target" */
  targetColumn?: string;
  /** Past-only covariate columns. @default [] */
  covariates?: string[];
  /** Known-future covariate columns: the last `predictionLength` rows give their future values. @default [] */
  known?: string[];
  /** Horizon. */
  predictionLength: number;
  /** Date format (see `loadCsvSeries`). @default "iso" */
  dateFormat?: string;
  /** Zone of timestamps written without one, e.g. "+09:00". @default UTC */
  utcOffset?: string;
  /** A `00:00` timestamp closes the previous day. @default false */
  midnightIsEndOfDay?: boolean;
  /** The file's bytes when already in memory; the path then only names it. */
  content?: Uint8Array;
  /** Warnings. */
  onWarning?: (msg: string) => void;
}

/** The history and known future of a CSV series. */
export interface CsvForecastInput {
  /** Target history. */
  target: Float64Array;
  /** Past values of every covariate (past-only and known), when there are covariates. */
  pastCovariates?: Record<string, Float64Array>;
  /** Horizon values of the known covariates, when there are some. */
  futureCovariates?: Record<string, Float64Array>;
  /** Epoch ms of each history row. */
  timestamps: Float64Array;
  /** The step in ms. */
  frequencyMs: number;
  /** The file's zone, minutes east of UTC. */
  utcOffsetMinutes: number;
  /** The file's target over the horizon rows it has (known covariates), else empty. */
  actual: Float64Array;
}

/**
 * Reads a CSV series and cuts it into history and known future.
 *
 * @param path the CSV file (or its name, with `content`)
 * @param options columns, horizon, date format
 * @returns the history, the known future and the timeline
 * @throws {DataValidationError} for unreadable data
 * @throws {RangeError} when the file is not longer than the horizon with known covariates
 * @example Usage
 * ```ts
 * import { csvForecastInput } from "./csv_forecast_input.ts";
 * const content = new TextEncoder().encode(
 *   "timestamp,target\n2024-01-01T00:00:00Z,1\n2024-01-01T01:00:00Z,2\n2024-01-01T02:00:00Z,3\n",
 * );
 * const input = await csvForecastInput("upload.csv", { predictionLength: 2, content });
 * if (input.target.length !== 3 || input.frequencyMs !== 3_600_000) throw new Error();
 * ```
 */
export async function csvForecastInput(
  path: string,
  options: CsvForecastInputOptions,
): Promise<CsvForecastInput> {
  const h = checkPredictionLength(options.predictionLength);
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
    ...(options.content ? { content: options.content } : {}),
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
  const out: CsvForecastInput = {
    target: Float64Array.from(data.target.subarray(0, hist)),
    timestamps: Float64Array.from(data.timestamps.subarray(0, hist)),
    frequencyMs: data.frequencyMs,
    utcOffsetMinutes: data.utcOffsetMinutes ?? 0,
    actual: Float64Array.from(data.target.subarray(hist, Math.min(n, hist + h))),
  };
  if (covs.length > 0) {
    out.pastCovariates = Object.fromEntries(
      data.covariates.map((c) => [c.name, Float64Array.from(c.values.subarray(0, hist))]),
    );
  }
  if (known.length > 0) {
    out.futureCovariates = Object.fromEntries(
      data.covariates.filter((c) => c.knownInAdvance).map((c) => [
        c.name,
        Float64Array.from(c.values.subarray(hist, hist + h)),
      ]),
    );
  }
  return out;
}
