/**
 * Small hand-made results files for the report tests: 4 windows of 2 steps,
 * every number written out so the expected values can be worked by hand.
 *
 * @module
 */

import type { EvaluationResults, MetricSet, ModelResult } from "../../../lib/results/schema.ts";
import type { LoadedResults } from "../../../lib/results/read.ts";

/** Metrics with only the given fields known (NaN elsewhere). */
export function metrics(m: Partial<MetricSet>): MetricSet {
  return {
    n: 8,
    rmse: NaN,
    mae: NaN,
    r2: NaN,
    mape: NaN,
    mapeSkipped: 0,
    wape: NaN,
    smape: NaN,
    mase: NaN,
    wql: NaN,
    coverage: NaN,
    ...m,
  };
}

/** Rows 100..103, first steps at 00:15..01:00 on 1 Nov 2018 (+09:00). */
export const ORIGINS = [100, 101, 102, 103];
export const TIMESTAMPS = [
  "2018-11-01T00:15:00+09:00",
  "2018-11-01T00:30:00+09:00",
  "2018-11-01T00:45:00+09:00",
  "2018-11-01T01:00:00+09:00",
];
export const ACTUALS = [[10, 12], [12, 14], [14, 13], [13, 11]];

/** persistence: repeats the last value. */
export const PERSISTENCE: ModelResult = {
  name: "persistence",
  kind: "baseline",
  metrics: metrics({ rmse: 4, mae: 3, r2: 0.5, mape: 20, wape: 18, mase: 1.2 }),
  timing: { seconds: 0.01, windowsPerSecond: 400 },
  point: [[9, 9], [10, 10], [12, 12], [14, 14]],
};

/** A zero-shot model with 10/50/90 % quantiles. */
export const ZERO_SHOT: ModelResult = {
  name: "chronos-2 zero-shot",
  kind: "zero-shot",
  metrics: metrics({
    rmse: 3,
    mae: 2.5,
    r2: 0.7,
    mape: 15,
    wape: 14,
    mase: 0.9,
    wql: 0.08,
    coverage: 0.7,
  }),
  timing: { seconds: 2, windowsPerSecond: 2 },
  point: [[11, 12], [12, 13], [13, 13], [13, 12]],
  quantiles: [
    [[9, 10], [11, 12], [13, 14]],
    [[10, 11], [12, 13], [14, 15]],
    [[11, 11], [13, 13], [15, 15]],
    [[11, 10], [13, 12], [15, 14]],
  ],
};

/** A fine-tuned model. */
export const FINETUNED: ModelResult = {
  name: "chronos-2 fine-tuned",
  kind: "finetuned",
  metrics: metrics({
    rmse: 2,
    mae: 1.5,
    r2: 0.9,
    mape: 10,
    wape: 9,
    mase: 0.6,
    wql: 0.05,
    coverage: 0.95,
  }),
  timing: { seconds: 1, windowsPerSecond: 4 },
  point: [[10, 12], [12, 13], [14, 14], [13, 12]],
  quantiles: [
    [[9, 11], [10, 12], [11, 13]],
    [[11, 12], [12, 13], [13, 14]],
    [[13, 13], [14, 14], [15, 15]],
    [[12, 11], [13, 12], [14, 13]],
  ],
};

/** A complete results file around `models`. */
export function results(
  models: ModelResult[],
  extra: Partial<EvaluationResults> = {},
): EvaluationResults {
  return {
    schema: "chronos-deno/results@1",
    task: "zero-shot",
    createdAt: "2024-05-01T10:00:00Z",
    config: {
      data: "Steel_industry_data.csv",
      split: "test",
      contextLength: 512,
      predictionLength: 2,
      covariates: "none",
      quantileLevels: [0.1, 0.5, 0.9],
    },
    origins: [...ORIGINS],
    timestamps: [...TIMESTAMPS],
    actuals: ACTUALS.map((r) => [...r]),
    loadType: ["Light_Load", "Light_Load", "Medium_Load", "Maximum_Load"],
    models: structuredClone(models),
    ...extra,
  };
}

/** Wraps results as if loaded from `<label>.json`. */
export function loaded(label: string, r: EvaluationResults): LoadedResults {
  return { source: `/tmp/${label}.json`, label, results: r };
}

/** The zero-shot file (with persistence) and the fine-tuning file (with persistence and a loss curve). */
export function twoFiles(): LoadedResults[] {
  return [
    loaded("zero", results([PERSISTENCE, ZERO_SHOT])),
    loaded(
      "tuned",
      results([PERSISTENCE, FINETUNED], {
        task: "finetune",
        training: [
          { step: 1, loss: 2.0, valLoss: 2.2 },
          { step: 2, loss: 1.5 },
          { step: 3, loss: 1.2, valLoss: 1.6 },
        ],
      }),
    ),
  ];
}
