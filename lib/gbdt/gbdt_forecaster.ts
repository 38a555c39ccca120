/**
 * The trained GBDT as a lib/evaluate {@linkcode Forecaster}, so the one
 * evaluation loop scores it beside the baselines and Chronos-2.
 *
 * @module
 */

import type { Forecaster, ForecastRequest, Forecasts } from "../evaluate/forecaster.ts";
import { forecastGbdt, type GbdtModel } from "./gbdt_model.ts";

/** Options of {@linkcode gbdtForecaster}. */
export interface GbdtForecasterOptions {
  /** Display name. @default "xgboost" */
  name?: string;
  /** The series' zone (minutes east of UTC), for the calendar features. @default 0 */
  utcOffsetMinutes?: number;
}

/**
 * Wraps a trained model as a forecaster. The request's prediction length and
 * quantile levels must be the model's (its residual offsets were fitted for them).
 *
 * @param model the trained model
 * @param options name and zone
 * @returns the forecaster
 * @example Usage
 * ```ts ignore
 * const f = gbdtForecaster(model, { utcOffsetMinutes: 540 });
 * const out = await f.forecast({ data, origins, contextLength: 672, predictionLength: 1, quantileLevels: model.levels });
 * ```
 */
export function gbdtForecaster(model: GbdtModel, options: GbdtForecasterOptions = {}): Forecaster {
  return {
    name: options.name ?? "xgboost",
    kind: "gbdt",
    // The executor runs synchronously; a throw inside it becomes a rejection.
    forecast: (request: ForecastRequest): Promise<Forecasts> =>
      new Promise((resolve) =>
        resolve(forecastRequest(model, request, options.utcOffsetMinutes ?? 0))
      ),
  };
}

function forecastRequest(
  model: GbdtModel,
  request: ForecastRequest,
  utcOffsetMinutes: number,
): Forecasts {
  const levels = request.quantileLevels;
  const same = levels.length === model.levels.length &&
    levels.every((q, i) => Math.abs(q - model.levels[i]!) < 1e-12);
  if (request.predictionLength !== model.horizon || !same) {
    throw new RangeError(
      `Cannot forecast ${request.predictionLength} steps at levels [${levels.join(", ")}] ` +
        `with a GBDT trained for ${model.horizon} steps at [${model.levels.join(", ")}]: ` +
        `train it with the same prediction length and levels`,
    );
  }
  const data = { ...request.data, source: "", targetName: "", utcOffsetMinutes };
  const f = forecastGbdt(model, data, request.origins);
  request.onProgress?.(request.origins.length, request.origins.length);
  return {
    done: request.origins.length,
    point: f.point,
    quantiles: f.quantiles,
    seconds: f.seconds,
    interrupted: false,
  };
}
