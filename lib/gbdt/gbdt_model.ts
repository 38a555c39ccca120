/**
 * The gradient-boosted forecaster: {@linkcode fitGbdt} trains XGBoost on the
 * feature rows of the training split (one row per origin and step), early
 * stops on the validation split and takes the residual quantiles there;
 * {@linkcode forecastGbdt} gives point and quantile forecasts for any origins.
 *
 * @module
 */

import type { SplitRange, TimeSeriesData } from "../data/types.ts";
import type { Booster } from "./booster.ts";
import { DMatrix } from "./dmatrix.ts";
import { buildFeatures, type FeatureMatrix, type GbdtCovariateMode } from "./features.ts";
import { residualQuantiles } from "./residual_quantiles.ts";
import { trainBooster } from "./train_booster.ts";

/** XGBoost parameters used unless overridden (tuned on the validation split of the steel data). */
export const DEFAULT_GBDT_PARAMS: Readonly<Record<string, string | number>> = {
  objective: "reg:squarederror",
  "tree_method": "hist",
  eta: 0.05,
  "max_depth": 6,
  "min_child_weight": 5,
  subsample: 0.8,
  "colsample_bytree": 0.8,
  seed: 0,
};

/** Options of {@linkcode fitGbdt}. */
export interface GbdtFitOptions {
  /** Forecast horizon H. */
  horizon: number;
  /** Quantile levels to forecast (from validation residuals). */
  levels: readonly number[];
  /** Covariate mode. @default "past+future" */
  covariates?: GbdtCovariateMode;
  /** Steps in a day and a week. @default derived from the series' frequency */
  periods?: { seasonalPeriod: number; weeklyPeriod: number };
  /** XGBoost parameters on top of {@linkcode DEFAULT_GBDT_PARAMS}. */
  params?: Record<string, string | number>;
  /** Most boosting rounds. @default 2000 */
  numRounds?: number;
  /** Early-stopping patience in rounds. @default 50 */
  earlyStoppingRounds?: number;
  /** Most feature rows per split (origins are thinned evenly above it). @default 250000 */
  maxRows?: number;
  /** XGBoost threads. @default navigator.hardwareConcurrency */
  threads?: number;
  /** After each round: the round and the validation RMSE. */
  onRound?: (round: number, rmse: number) => void;
}

/** A trained forecaster. */
export interface GbdtModel {
  /** The booster, cut at the best round (free it when done). */
  booster: Booster;
  /** Feature names, in column order. */
  featureNames: string[];
  /** Horizon H. */
  horizon: number;
  /** Covariate mode. */
  covariates: GbdtCovariateMode;
  /** Seasonal periods used by the features. */
  periods?: { seasonalPeriod: number; weeklyPeriod: number };
  /** Quantile levels. */
  levels: number[];
  /** Residual quantile offsets [step][level] from validation. */
  residualOffsets: number[][];
  /** XGBoost parameters used. */
  params: Record<string, string | number>;
  /** Best round (0-based) and rounds run. */
  bestRound: number;
  /** Rounds run before early stopping. */
  roundsRun: number;
  /** Validation RMSE per round. */
  curve: number[];
  /** Feature rows trained on and validated on. */
  rows: { train: number; val: number };
  /** Wall time of training in seconds. */
  seconds: number;
}

/**
 * Every `stride`-th row `o` of `range` whose steps o..o+H−1 stay inside it,
 * thinned so that origins × H stays within `maxRows`.
 */
function splitOrigins(range: SplitRange, H: number, maxRows: number): number[] {
  const first = Math.max(1, range.start);
  const count = Math.max(0, range.end - H - first + 1);
  const stride = Math.max(1, Math.ceil((count * H) / maxRows));
  const out: number[] = [];
  for (let o = first; o + H <= range.end; o += stride) out.push(o);
  return out;
}

/** Keeps the rows whose label is finite. */
function labelled(m: FeatureMatrix): FeatureMatrix {
  const F = m.names.length;
  const keep: number[] = [];
  for (let r = 0; r < m.rows; r++) if (Number.isFinite(m.labels[r]!)) keep.push(r);
  if (keep.length === m.rows) return m;
  const data = new Float32Array(keep.length * F);
  keep.forEach((r, i) => data.set(m.data.subarray(r * F, (r + 1) * F), i * F));
  return {
    data,
    rows: keep.length,
    names: m.names,
    labels: Float32Array.from(keep, (r) => m.labels[r]!),
  };
}

/**
 * Trains the forecaster on `splits.train`, early stopping on `splits.val`.
 *
 * @param data the series
 * @param splits the training and validation row ranges
 * @param options horizon, levels, covariates, parameters and limits
 * @returns the trained model (free `model.booster` when done)
 * @throws {RangeError} when a split is too short for the horizon
 * @throws {XGBoostError} on invalid parameters
 * @example Usage
 * ```ts ignore
 * const model = fitGbdt(data, splits, { horizon: 1, levels: [0.1, 0.5, 0.9] });
 * ```
 */
export function fitGbdt(
  data: TimeSeriesData,
  splits: { train: SplitRange; val: SplitRange },
  options: GbdtFitOptions,
): GbdtModel {
  const start = performance.now();
  const H = options.horizon;
  const covariates = options.covariates ?? "past+future";
  const maxRows = options.maxRows ?? 250_000;
  const features = {
    horizon: H,
    covariates,
    ...(options.periods ? { periods: options.periods } : {}),
  };
  const build = (range: SplitRange, name: string) => {
    const origins = splitOrigins(range, H, maxRows);
    if (origins.length === 0) {
      throw new RangeError(
        `Cannot train the GBDT: the ${name} split (rows ${range.start}..${range.end - 1}) is ` +
          `shorter than the prediction length ${H}: use a shorter prediction length`,
      );
    }
    return labelled(buildFeatures(data, origins, features));
  };
  const train = build(splits.train, "training");
  const val = build(splits.val, "validation");
  const F = train.names.length;
  const params = {
    ...DEFAULT_GBDT_PARAMS,
    nthread: options.threads ?? navigator.hardwareConcurrency ?? 1,
    ...options.params,
  };
  using dTrain = DMatrix.fromDense(train.data, train.rows, F, { label: train.labels });
  using dVal = DMatrix.fromDense(val.data, val.rows, F, { label: val.labels });
  const out = trainBooster(dTrain, dVal, {
    params,
    numRounds: options.numRounds ?? 2000,
    earlyStoppingRounds: options.earlyStoppingRounds ?? 50,
    ...(options.onRound ? { onRound: options.onRound } : {}),
  });
  try {
    const predicted = out.booster.predict(dVal);
    const residualOffsets = residualQuantiles(val.labels, predicted, H, options.levels);
    return {
      booster: out.booster,
      featureNames: train.names,
      horizon: H,
      covariates,
      ...(options.periods ? { periods: options.periods } : {}),
      levels: [...options.levels],
      residualOffsets,
      params,
      bestRound: out.bestRound,
      roundsRun: out.roundsRun,
      curve: out.curve,
      rows: { train: train.rows, val: val.rows },
      seconds: (performance.now() - start) / 1000,
    };
  } catch (err) {
    out.booster.free();
    throw err;
  }
}

/** Forecasts of {@linkcode forecastGbdt}, flattened origin-major then step. */
export interface GbdtForecasts {
  /** Point forecasts [origins·H]. */
  point: Float64Array;
  /** Quantile forecasts [origins·H, levels], row-major. */
  quantiles: Float64Array;
  /** Wall time in seconds. */
  seconds: number;
}

/**
 * Forecasts steps 1..H from each origin: the booster's point forecast plus the
 * validation residual quantiles of each step.
 *
 * @param model the trained model
 * @param data the series
 * @param origins row of each first forecast step
 * @returns point and quantile forecasts
 * @example Usage
 * ```ts ignore
 * const f = forecastGbdt(model, data, [29784, 29785]);
 * ```
 */
export function forecastGbdt(
  model: GbdtModel,
  data: TimeSeriesData,
  origins: readonly number[],
): GbdtForecasts {
  const start = performance.now();
  const H = model.horizon;
  const m = buildFeatures(data, origins, {
    horizon: H,
    covariates: model.covariates,
    ...(model.periods ? { periods: model.periods } : {}),
  });
  using d = DMatrix.fromDense(m.data, m.rows, m.names.length);
  const p = model.booster.predict(d);
  const Q = model.levels.length;
  const point = Float64Array.from(p);
  const quantiles = new Float64Array(m.rows * Q);
  for (let r = 0; r < m.rows; r++) {
    const offsets = model.residualOffsets[r % H]!;
    for (let q = 0; q < Q; q++) quantiles[r * Q + q] = point[r]! + offsets[q]!;
  }
  return { point, quantiles, seconds: (performance.now() - start) / 1000 };
}
