/**
 * What the forecast service needs from a model, and nothing more: forecast a
 * list of series at a horizon and quantile levels, say what it is, release
 * it. The service knows no model family; Chronos-2 plugs in through
 * `models/chronos2/tasks/serve.ts`.
 *
 * @module
 */

/** Covariate values: numbers, or categories (strings, booleans); null is missing. */
export type ServeValues = readonly (number | string | boolean | null)[];

/** One series to forecast, in the official pipeline's input shape (camelCase). */
export interface ServeSeries {
  /** The history; null is missing. */
  target: readonly (number | null)[];
  /** Past values of every covariate (past-only and known-future), each as long as the target. */
  pastCovariates?: Readonly<Record<string, ServeValues>>;
  /** Future values of the known-future covariates, each `predictionLength` long. */
  futureCovariates?: Readonly<Record<string, ServeValues>>;
  /**
   * When the request gave timestamps: every row's time, the history's then the forecast
   * steps' (epoch ms), and the zone they were written in (for calendar features).
   */
  timeline?: { readonly ms: readonly number[]; readonly utcOffsetMinutes: number };
}

/** How to forecast. */
export interface ServeForecastOptions {
  /** Horizon. */
  predictionLength: number;
  /** Levels to return, increasing. */
  quantileLevels: readonly number[];
}

/** One series' forecast. */
export interface ServeForecast {
  /** Per level (in the order asked), one value per step. */
  quantiles: number[][];
  /** The point forecast (the median for Chronos-2), one value per step. */
  mean: number[];
}

/** A loaded model the service can call. */
export interface ServedModel {
  /** The name requests use. */
  readonly name: string;
  /** Where it was loaded from. */
  readonly folder: string;
  /** A few facts about it for `GET /v1/models` (sizes, context length, levels). */
  readonly summary: Readonly<Record<string, string | number | boolean | readonly number[]>>;
  /**
   * Forecasts every series (one model call may carry several requests' series).
   *
   * @param series the series, in order
   * @param options horizon and levels
   * @returns one forecast per series, in order
   */
  forecast(
    series: readonly ServeSeries[],
    options: ServeForecastOptions,
  ): Promise<ServeForecast[]>;
  /**
   * Checks series before they join a model call, so one bad request cannot fail
   * another's batch.
   *
   * @param series the series of one request
   * @param options horizon and levels
   * @throws {DataValidationError} listing what is wrong
   */
  check(series: readonly ServeSeries[], options: ServeForecastOptions): void;
  /** Releases its resources (sessions); called once no request uses it any more. */
  release(): Promise<void>;
}

/** Loads (or reloads) the model of a name; the result is warm, ready to answer. */
export type ModelLoader = (name: string) => Promise<ServedModel>;

/**
 * Rows one series occupies in a model call: its target and one per covariate.
 *
 * @param series the series
 * @returns the row count
 * @example Usage
 * ```ts
 * import { seriesRows } from "@chronos-deno/chronos-deno/serve";
 * if (seriesRows({ target: [1, 2], pastCovariates: { t: [3, 4] } }) !== 2) throw new Error();
 * ```
 */
export function seriesRows(series: ServeSeries): number {
  return 1 + Object.keys(series.pastCovariates ?? {}).length;
}
