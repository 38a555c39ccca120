/**
 * The one interface every model implements to be evaluated: the baselines,
 * Chronos-2 (through its batched window loop), and next the GBDT and
 * ensembles. A forecaster gets the whole series and the origins of a
 * rolling-origin evaluation in one call, and returns its forecasts for every
 * origin (or for the first ones, when stopped early).
 *
 * @module
 */

import type { TimeSeriesData } from "../data/types.ts";
import type { ModelResult } from "../results/schema.ts";

/** What produced a forecast (the results' `kind`). */
export type ForecasterKind = ModelResult["kind"];

/** One evaluation's windows, asked of a forecaster in one call. */
export interface ForecastRequest {
  /** The whole series; an origin's history is every row before it. */
  readonly data: Pick<TimeSeriesData, "target" | "covariates" | "timestamps" | "frequencyMs">;
  /** Row index of the first forecast step of each window, increasing. */
  readonly origins: readonly number[];
  /** Rows of history a model may look at (models with a fixed context). */
  readonly contextLength: number;
  /** Steps forecast from each origin. */
  readonly predictionLength: number;
  /** Quantile levels wanted from probabilistic forecasters (others ignore them). */
  readonly quantileLevels: readonly number[];
  /** Stops after the work in flight; the forecasts then cover the first `done` origins. */
  readonly signal?: AbortSignal;
  /** Origins done / total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** A forecaster's answer to a {@linkcode ForecastRequest}. */
export interface Forecasts {
  /** Origins forecast: all of them, or the first ones when stopped early. */
  done: number;
  /** Point forecast (the median for probabilistic models) per origin and step: [done·H]. */
  point: Float64Array;
  /** Quantiles at the request's levels, [done·H, Q] row-major; absent for point forecasters. */
  quantiles?: Float64Array;
  /** Wall time of the forecasting, in seconds. */
  seconds: number;
  /** Whether the request's signal stopped it before the last origin. */
  interrupted: boolean;
}

/** A model that can be evaluated on rolling origins. */
export interface Forecaster {
  /** Display name in tables and results, e.g. `"persistence"`. */
  readonly name: string;
  /** What it is, for the results. */
  readonly kind: ForecasterKind;
  /**
   * Forecasts every origin of the request.
   * @param request the series, origins, lengths and levels
   * @returns the forecasts
   */
  forecast(request: ForecastRequest): Promise<Forecasts>;
}
