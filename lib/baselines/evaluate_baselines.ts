/**
 * Scores the baselines (persistence, daily and weekly seasonal naive, train
 * mean) with rolling origins over a chronological split, and packs the result
 * as an `EvaluationResults` file for `deno task compare`.
 *
 * @module
 */

import type { EvaluationResults } from "../results/schema.ts";
import { RESULTS_SCHEMA } from "../results/schema.ts";
import { chronologicalSplits, type SplitFractions } from "../data/splits.ts";
import { seasonalPeriods } from "../data/frequency.ts";
import { formatTimestamp } from "../data/timestamp.ts";
import type { TimeSeriesData } from "../data/types.ts";
import { createScorer } from "../metrics/score.ts";
import { DEFAULTS } from "../defaults.ts";
import type { Forecaster } from "../evaluate/forecaster.ts";
import { evaluateForecasters } from "../evaluate/evaluate_forecasters.ts";
import { rollingOrigins } from "../evaluate/rolling_origins.ts";
import { standardBaselines } from "./standard.ts";
import { trainMean } from "./train_mean.ts";

/** Options of {@linkcode evaluateBaselines}. */
export interface EvaluateBaselinesOptions {
  /** Which split to forecast. @default "test" */
  split?: "train" | "val" | "test";
  /** Steps forecast from each origin. @default 1 */
  predictionLength?: number;
  /** Steps between origins. @default 1 */
  stride?: number;
  /** When > 0, this many origins spread evenly over the split. @default 0 (all) */
  maxPredictions?: number;
  /** Split fractions. @default { train: 0.7, val: 0.15 } */
  fractions?: SplitFractions;
  /** Daily period in steps: the daily naive and the MASE scale. @default one day of the series' steps */
  seasonalPeriod?: number;
  /** Weekly period in steps: the weekly naive and the history every origin needs. @default one week of steps */
  weeklyPeriod?: number;
  /** Label column whose value at each origin is recorded (the results' `loadType`). @default none */
  segmentColumn?: string;
  /** Extra forecasters scored on the same origins, after the four baselines. @default [] */
  extraForecasters?: readonly Forecaster[];
  /**
   * Wraps each of the four baselines, e.g. to have workers compute their
   * forecasts (lib/distributed `shardedForecaster`). @default none
   */
  distribute?: (forecaster: Forecaster) => Forecaster;
}

/**
 * The four baselines of a series: persistence, daily and weekly seasonal
 * naive, and the mean of the training split (the forecasters
 * {@linkcode evaluateBaselines} scores, rebuilt the same way on a worker).
 *
 * @param data the series
 * @param options split fractions and seasonal periods (defaults as {@linkcode evaluateBaselines})
 * @returns the four forecasters
 * @example Usage
 * ```ts
 * import { baselineForecasters } from "@chronos-deno/chronos-deno/baselines";
 * import assert from "node:assert/strict";
 * const data = { source: "s", timestamps: new Float64Array(1000), frequencyMs: 900000,
 *   targetName: "y", target: new Float64Array(1000), covariates: [] };
 * assert.deepEqual(baselineForecasters(data).map((f) => f.name),
 *   ["persistence", "daily naive", "weekly naive", "train mean"]);
 * ```
 */
export function baselineForecasters(
  data: Pick<TimeSeriesData, "target" | "frequencyMs">,
  options: Pick<EvaluateBaselinesOptions, "fractions" | "seasonalPeriod" | "weeklyPeriod"> = {},
): Forecaster[] {
  const { seasonalPeriod, weeklyPeriod } = seasonalPeriods(options, data.frequencyMs);
  const splits = chronologicalSplits(
    data.target.length,
    options.fractions ?? { train: 0.7, val: 0.15 },
  );
  const train = data.target.subarray(splits.train.start, splits.train.end);
  return [...standardBaselines({ seasonalPeriod, weeklyPeriod }), trainMean(train)];
}

/**
 * Forecasts every origin of a split with each baseline and scores the forecasts. The history
 * of an origin is every row before it (it reaches back before the split); the train mean is
 * the mean of the training split; origins of the train split start after one week of history.
 *
 * @param data the series (its target is forecast; covariates are not used)
 * @param options split, prediction length, stride, cap on origins, seasonal periods, segment column
 * @returns a results file (task `"baselines"`) with per-model metrics and point forecasts
 *   [origins][H] on shared origins
 * @throws {RangeError} when the split is too short for the prediction length, the options are
 *   invalid, or a seasonal period is left to a frequency that does not divide a day
 * @example Usage
 * ```ts
 * import { evaluateBaselines } from "@chronos-deno/chronos-deno/baselines";
 * import assert from "node:assert/strict";
 * const n = 2000;
 * const target = Float64Array.from({ length: n }, (_, i) => 10 + Math.sin((2 * Math.PI * i) / 96));
 * const data = { source: "sine", timestamps: Float64Array.from({ length: n }, (_, i) => i * 900000),
 *   frequencyMs: 900000, targetName: "y", target, covariates: [] };
 * const r = await evaluateBaselines(data, { split: "test" });
 * assert.equal(r.models[1]!.name, "daily naive");
 * assert.ok(r.models[1]!.metrics.rmse < 1e-9); // a pure daily cycle is predicted exactly
 * ```
 */
export async function evaluateBaselines(
  data: TimeSeriesData,
  options: EvaluateBaselinesOptions = {},
): Promise<EvaluationResults> {
  const split = options.split ?? "test";
  const predictionLength = options.predictionLength ?? DEFAULTS.predictionLength;
  const stride = options.stride ?? DEFAULTS.stride;
  const maxPredictions = options.maxPredictions ?? 0;
  const fractions = options.fractions ?? { train: 0.7, val: 0.15 };
  const { seasonalPeriod, weeklyPeriod } = seasonalPeriods(options, data.frequencyMs);
  const y = data.target;
  const splits = chronologicalSplits(y.length, fractions);
  const range = splits[split];
  const origins = rollingOrigins(range, predictionLength, {
    stride,
    maxPredictions,
    minHistory: weeklyPeriod,
  });
  const train = y.subarray(splits.train.start, splits.train.end);
  let maseScale = NaN;
  const evaluation = await evaluateForecasters({
    request: { data, origins, contextLength: weeklyPeriod, predictionLength, quantileLevels: [] },
    forecasters: [
      ...baselineForecasters(data, options).map((f) => options.distribute?.(f) ?? f),
      ...(options.extraForecasters ?? []),
    ],
    scorer: async (actual) => {
      const scorer = await createScorer({
        device: "cpu",
        actual,
        levels: [],
        maseScale: { train, period: seasonalPeriod },
      });
      maseScale = scorer.maseScale;
      return scorer;
    },
  });
  const offset = data.utcOffsetMinutes ?? 0;
  const segments = options.segmentColumn === undefined
    ? undefined
    : data.labels?.[options.segmentColumn];
  return {
    schema: RESULTS_SCHEMA,
    task: "baselines",
    createdAt: new Date().toISOString(),
    config: {
      data: data.source,
      split,
      contextLength: weeklyPeriod,
      predictionLength,
      covariates: "none",
      quantileLevels: [],
      history: "all rows before each origin",
      stride,
      maxPredictions,
      splitFractions: fractions,
      splitRows: { start: range.start, end: range.end },
      maseSeasonalPeriod: seasonalPeriod,
      maseScale,
    },
    origins,
    timestamps: origins.map((o) => formatTimestamp(data.timestamps[o]!, offset)),
    actuals: origins.map((o) => Array.from(y.subarray(o, o + predictionLength))),
    ...(segments ? { loadType: origins.map((o) => segments[o]!) } : {}),
    models: evaluation.models,
  };
}
