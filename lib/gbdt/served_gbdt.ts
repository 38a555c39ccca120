/**
 * A saved GBDT folder as a model of the forecast service (lib/serve's
 * {@linkcode ServedModel}): each request series becomes one origin at its
 * end; past covariates must be numbers named as at training, and with a
 * `past+future` model the known-in-advance ones need their future values.
 * Requests carry no timestamps, so the hour, slot and weekday features are
 * missing and the trees take their default branches there: the forecasts
 * equal `forecastGbdt` on the same history without timestamps, which can be
 * worse than `deno task gbdt` measured when the trees split on the calendar.
 *
 * @module
 */

import type { Covariate, TimeSeriesData } from "../data/types.ts";
import { type DataProblem, DataValidationError } from "../errors.ts";
import type {
  ServedModel,
  ServeForecast,
  ServeForecastOptions,
  ServeSeries,
  ServeValues,
} from "../serve/served_model.ts";
import { loadGbdtModel } from "./gbdt_folder.ts";
import { forecastGbdt, type GbdtModel } from "./gbdt_model.ts";

/** The covariates a model reads, in feature order, and whether each is read at the target step. */
function covariatesOf(model: GbdtModel): { name: string; future: boolean }[] {
  const out: { name: string; future: boolean }[] = [];
  for (const f of model.featureNames) {
    const m = /^(.*)@(t|lag_1)$/.exec(f);
    if (m) out.push({ name: m[1]!, future: m[2] === "t" });
  }
  return out;
}

function numbers(values: ServeValues | undefined): Float64Array | undefined {
  if (!values || values.some((v) => v !== null && typeof v !== "number")) return undefined;
  return Float64Array.from(values, (v) => (v === null ? NaN : (v as number)));
}

/**
 * Lists what keeps `series` from being forecast by `model`.
 *
 * @param model the model
 * @param series the request's series
 * @param options horizon and levels
 * @returns the problems, empty when the request can be served
 */
function problemsOf(
  model: GbdtModel,
  series: readonly ServeSeries[],
  options: ServeForecastOptions,
): DataProblem[] {
  const problems: DataProblem[] = [];
  const bad = (message: string) => problems.push({ kind: "other", message });
  if (options.predictionLength !== model.horizon) {
    bad(
      `predictionLength ${options.predictionLength}: this model forecasts ${model.horizon} step(s)`,
    );
  }
  const unknown = options.quantileLevels.filter((q) =>
    !model.levels.some((l) => Math.abs(l - q) < 1e-9)
  );
  if (unknown.length > 0) {
    bad(`quantile level(s) ${unknown.join(", ")}: this model has ${model.levels.join(", ")}`);
  }
  const covs = covariatesOf(model);
  series.forEach((s, i) => {
    if (s.target.length === 0) bad(`series ${i + 1}: the target is empty`);
    for (const c of covs) {
      const past = s.pastCovariates?.[c.name];
      if (!numbers(past) || past!.length !== s.target.length) {
        bad(`series ${i + 1}: pastCovariates "${c.name}" must be ${s.target.length} numbers`);
      }
      const future = s.futureCovariates?.[c.name];
      if (c.future && (!numbers(future) || future!.length !== model.horizon)) {
        bad(`series ${i + 1}: futureCovariates "${c.name}" must be ${model.horizon} numbers`);
      }
    }
  });
  return problems;
}

/**
 * One request series as a series whose only origin is its end; its times come from the
 * request's timestamps (without them the calendar features are missing values).
 */
function seriesData(model: GbdtModel, s: ServeSeries): TimeSeriesData {
  const n = s.target.length;
  const H = model.horizon;
  const target = new Float64Array(n + H).fill(NaN);
  s.target.forEach((v, i) => (target[i] = v === null ? NaN : v));
  const covariates: Covariate[] = covariatesOf(model).map((c) => {
    const values = new Float64Array(n + H).fill(NaN);
    values.set(numbers(s.pastCovariates?.[c.name])!);
    if (c.future) values.set(numbers(s.futureCovariates?.[c.name])!, n);
    return { name: c.name, values, knownInAdvance: c.future };
  });
  return {
    source: "request",
    timestamps: s.timeline && s.timeline.ms.length === n + H
      ? Float64Array.from(s.timeline.ms)
      : new Float64Array(n + H).fill(NaN),
    ...(s.timeline ? { utcOffsetMinutes: s.timeline.utcOffsetMinutes } : {}),
    frequencyMs: 900_000,
    targetName: "target",
    target,
    covariates,
  };
}

/**
 * Wraps a trained model for the forecast service.
 *
 * @param model the trained model (released with the served model)
 * @param name the name requests use
 * @param folder where it was loaded from
 * @returns the served model
 * @example Usage
 * ```ts ignore
 * const served = servedGbdt(await loadGbdtModel(dir), "xgboost", dir);
 * ```
 */
export function servedGbdt(model: GbdtModel, name: string, folder: string): ServedModel {
  const check = (series: readonly ServeSeries[], options: ServeForecastOptions) => {
    const problems = problemsOf(model, series, options);
    if (problems.length > 0) throw new DataValidationError(`model "${name}" request`, problems);
  };
  return {
    name,
    folder,
    summary: {
      family: "xgboost",
      predictionLength: model.horizon,
      quantileLevels: model.levels,
      covariates: model.covariates,
      features: model.featureNames.length,
    },
    check,
    forecast(series, options): Promise<ServeForecast[]> {
      return new Promise((resolve) => {
        check(series, options);
        const H = model.horizon;
        const Q = model.levels.length;
        const picks = options.quantileLevels.map((q) =>
          model.levels.findIndex((l) => Math.abs(l - q) < 1e-9)
        );
        resolve(series.map((s) => {
          const f = forecastGbdt(model, seriesData(model, s), [s.target.length]);
          return {
            mean: Array.from(f.point),
            quantiles: picks.map((j) =>
              Array.from({ length: H }, (_, h) => f.quantiles[h * Q + j]!)
            ),
          };
        }));
      });
    },
    release() {
      model.booster.free();
      return Promise.resolve();
    },
  };
}

/**
 * Loads a GBDT folder (written by `deno task gbdt`) as a served model.
 *
 * @param folder the model folder
 * @param name the name requests use. @default the folder's last part
 * @returns the served model
 * @throws {Deno.errors.NotFound} when the folder lacks a file
 * @example Usage
 * ```ts ignore
 * const served = await loadServedGbdt("models/foundation/xgboost_20240101_000000");
 * ```
 */
export async function loadServedGbdt(folder: string, name?: string): Promise<ServedModel> {
  const model = await loadGbdtModel(folder);
  return servedGbdt(model, name ?? folder.replace(/[\\/]+$/, "").split(/[\\/]/).pop()!, folder);
}
