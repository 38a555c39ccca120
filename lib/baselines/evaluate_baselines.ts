/**
 * Scores the baselines (persistence, daily and weekly seasonal naive, train
 * mean) with rolling origins over a chronological split, and packs the result
 * as an `EvaluationResults` file for `deno task compare`.
 *
 * @module
 */

import type { EvaluationResults, ModelResult } from "../results/schema.ts";
import { RESULTS_SCHEMA } from "../results/schema.ts";
import { chronologicalSplits, type SplitFractions } from "../data/splits.ts";
import { formatTimestamp } from "../data/timestamp.ts";
import type { TimeSeriesData } from "../data/types.ts";
import { computeMetrics } from "../metrics/compute_metrics.ts";
import { seasonalScale } from "../metrics/seasonal_scale.ts";
import type { Forecaster } from "./forecaster.ts";
import { persistence } from "./persistence.ts";
import { rollingOrigins } from "./rolling_origins.ts";
import { seasonalNaive } from "./seasonal_naive.ts";
import { trainMean } from "./train_mean.ts";

/** Steps per day and per week at 15 minutes. */
export const DAILY_PERIOD = 96;
/** Steps per week at 15 minutes. */
export const WEEKLY_PERIOD = 672;

/** Options of {@linkcode evaluateBaselines}. */
export interface EvaluateBaselinesOptions {
  /** Which split to forecast. @default "test" */
  split?: "train" | "val" | "test";
  /** Forecast horizon H in steps. @default 1 */
  predictionLength?: number;
  /** Steps between origins. @default 1 */
  stride?: number;
  /** When > 0, this many origins spread evenly over the split. @default 0 (all) */
  maxPredictions?: number;
  /** Split fractions. @default { train: 0.7, val: 0.15 } */
  fractions?: SplitFractions;
  /** Seasonal period of the MASE scale, taken from the training part. @default 96 */
  maseSeasonalPeriod?: number;
  /** Extra forecasters scored on the same origins, after the four baselines. @default [] */
  extraForecasters?: Forecaster[];
}

/**
 * Forecasts every origin of a split with each baseline and scores the forecasts. The history
 * of an origin is every row before it (it reaches back before the split); the train mean is
 * the mean of the training split; origins of the train split start after one week of history.
 *
 * @param data the series (its target is forecast; covariates are not used)
 * @param options split, horizon, stride, cap on origins, MASE period
 * @returns a results file (task `"baselines"`) with per-model metrics and point forecasts
 *   [origins][H] on shared origins
 * @throws {RangeError} when the split is too short for the horizon or the options are invalid
 * @example Usage
 * ```ts
 * import { evaluateBaselines } from "./evaluate_baselines.ts";
 * import assert from "node:assert/strict";
 * const n = 2000;
 * const target = Float64Array.from({ length: n }, (_, i) => 10 + Math.sin((2 * Math.PI * i) / 96));
 * const data = { source: "sine", timestamps: Float64Array.from({ length: n }, (_, i) => i * 900000),
 *   frequencyMs: 900000, targetName: "y", target, covariates: [] };
 * const r = evaluateBaselines(data, { split: "test" });
 * assert.equal(r.models[1]!.name, "daily naive");
 * assert.ok(r.models[1]!.metrics.rmse < 1e-9); // a pure daily cycle is predicted exactly
 * ```
 */
export function evaluateBaselines(
  data: TimeSeriesData,
  options: EvaluateBaselinesOptions = {},
): EvaluationResults {
  const split = options.split ?? "test";
  const horizon = options.predictionLength ?? 1;
  const stride = options.stride ?? 1;
  const maxPredictions = options.maxPredictions ?? 0;
  const fractions = options.fractions ?? { train: 0.7, val: 0.15 };
  const masePeriod = options.maseSeasonalPeriod ?? DAILY_PERIOD;
  const y = data.target;
  const splits = chronologicalSplits(y.length, fractions);
  const range = splits[split];
  const origins = rollingOrigins(range, horizon, {
    stride,
    maxPredictions,
    minHistory: WEEKLY_PERIOD,
  });
  const train = y.subarray(splits.train.start, splits.train.end);
  const maseScale = seasonalScale(train, masePeriod);
  const forecasters: Forecaster[] = [
    persistence(),
    seasonalNaive(DAILY_PERIOD, "daily naive"),
    seasonalNaive(WEEKLY_PERIOD, "weekly naive"),
    trainMean(train),
    ...(options.extraForecasters ?? []),
  ];

  const actuals = origins.map((o) => Array.from(y.subarray(o, o + horizon)));
  const flatActual = new Float64Array(origins.length * horizon);
  origins.forEach((o, k) => flatActual.set(y.subarray(o, o + horizon), k * horizon));

  const models: ModelResult[] = forecasters.map((f) => {
    const started = performance.now();
    const flat = new Float64Array(origins.length * horizon);
    const point: number[][] = [];
    origins.forEach((o, k) => {
      const p = f.forecast(y.subarray(0, o), horizon);
      flat.set(p, k * horizon);
      point.push(Array.from(p));
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      name: f.name,
      kind: "baseline",
      metrics: computeMetrics({ actual: flatActual, point: flat, maseScale }),
      timing: { seconds, windowsPerSecond: seconds > 0 ? origins.length / seconds : Infinity },
      point,
    };
  });

  const offset = data.utcOffsetMinutes ?? 0;
  const loadType = data.labels?.Load_Type;
  return {
    schema: RESULTS_SCHEMA,
    task: "baselines",
    createdAt: new Date().toISOString(),
    config: {
      data: data.source,
      split,
      contextLength: WEEKLY_PERIOD,
      predictionLength: horizon,
      covariates: "none",
      quantileLevels: [],
      history: "all rows before each origin",
      stride,
      maxPredictions,
      splitFractions: fractions,
      splitRows: { start: range.start, end: range.end },
      maseSeasonalPeriod: masePeriod,
      maseScale,
    },
    origins,
    timestamps: origins.map((o) => formatTimestamp(data.timestamps[o]!, offset)),
    actuals,
    ...(loadType ? { loadType: origins.map((o) => loadType[o]!) } : {}),
    models,
  };
}
