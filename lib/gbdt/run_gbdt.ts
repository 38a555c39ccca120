/**
 * The GBDT task end to end (what `deno task gbdt` runs): find and load the
 * dataset, train XGBoost on the training split with early stopping on the
 * validation split, forecast the same chronological origins as the zero-shot
 * task, score it beside the persistence, daily and weekly naive baselines,
 * write the results file (with feature importance), save the model folder
 * (XGBoost JSON + ONNX) with a timestamp, and track the run.
 *
 * @module
 */

import { splitProfile } from "../tracking/dataset_input.ts";
import { standardBaselines } from "../baselines/standard.ts";
import { chronologicalSplits } from "../data/splits.ts";
import { formatTimestamp } from "../data/timestamp.ts";
import type { DatasetSpec } from "../datasets/spec.ts";
import { seasonalPeriods, segmentsAt } from "../datasets/spec.ts";
import { DEFAULTS } from "../defaults.ts";
import { evaluateForecasters } from "../evaluate/evaluate_forecasters.ts";
import { evaluationMetrics } from "../evaluate/run_record.ts";
import { zeroShotOrigins, type ZeroShotTracker } from "../evaluate/zero_shot.ts";
import { createScorer } from "../metrics/score.ts";
import type { EvaluationResults } from "../results/schema.ts";
import { RESULTS_SCHEMA } from "../results/schema.ts";
import { resultsFileName, writeResultsFile } from "../results/write.ts";
import { createTracker } from "../tracking/tracker.ts";
import { closeRun } from "../tracking/run_lifecycle.ts";
import { startTaskRun } from "../tracking/task_run.ts";
import { RUN_TAGS } from "../tracking/vocabulary.ts";
import { resolve } from "node:path";
import type { GbdtCovariateMode } from "./features.ts";
import { saveGbdtModel } from "./gbdt_folder.ts";
import { gbdtForecaster } from "./gbdt_forecaster.ts";
import { fitGbdt } from "./gbdt_model.ts";
import { xgboost } from "./xgboost_library.ts";

/** Options of {@linkcode runGbdt}. */
export interface GbdtRunOptions {
  /** The dataset. */
  dataset: DatasetSpec;
  /** A local data file (`--data`). @default the dataset's own resolution */
  data?: string;
  /** Split evaluated. @default "test" */
  split?: "test" | "val";
  /** Horizon H. @default 1 */
  predictionLength?: number;
  /** Covariate mode. @default "past+future" */
  covariates?: GbdtCovariateMode;
  /** Origins to keep, spread evenly; 0 = every origin (as the zero-shot task's flag). @default 0 */
  maxPredictions?: number;
  /** Step between candidate origins. @default 1 */
  stride?: number;
  /** Quantile levels. @default those of the zero-shot task */
  quantileLevels?: readonly number[];
  /** XGBoost parameters on top of the defaults. */
  params?: Record<string, string | number>;
  /** Most boosting rounds. @default 2000 */
  numRounds?: number;
  /** Early-stopping patience. @default 50 */
  earlyStoppingRounds?: number;
  /** XGBoost threads. @default all cores */
  threads?: number;
  /** Where the results file and the model folder go; `null` writes neither. @default "models/foundation" */
  outputDir?: string | null;
  /** Tracking; `false` tracks nothing. @default createTracker() */
  tracker?: ZeroShotTracker | false;
  /** Experiment. @default the dataset's zero-shot experiment with `_chronos2` replaced by `_xgboost` */
  experiment?: string;
  /** Time used in file names. @default new Date() */
  now?: Date;
  /** One-line progress notes. */
  onInfo?: (line: string) => void;
  /** Warnings. */
  onWarning?: (message: string) => void;
}

/** What {@linkcode runGbdt} produced. */
export interface GbdtRunOutcome {
  /** The results (as written). */
  results: EvaluationResults;
  /** The results file. */
  resultsPath?: string;
  /** The model folder. */
  modelDir?: string;
  /** Tracked run id. */
  runId?: string;
  /** The data file used. */
  dataPath: string;
}

/**
 * Runs the GBDT task (see the module doc).
 *
 * @param options dataset, evaluation, XGBoost, output and tracking options
 * @returns results, file paths and run id
 * @throws {XGBoostUnavailableError} when the XGBoost library is not installed
 * @throws {RangeError} when the horizon goes beyond a split
 * @example Usage
 * ```ts ignore
 * const out = await runGbdt({ dataset: STEEL_SPEC, predictionLength: 1 });
 * console.log(out.results.models[0]!.metrics.rmse);
 * ```
 */
export async function runGbdt(options: GbdtRunOptions): Promise<GbdtRunOutcome> {
  const { dataset } = options;
  const info = (line: string) => options.onInfo?.(line);
  const warn = options.onWarning ? { onWarning: options.onWarning } : {};
  const H = options.predictionLength ?? 1;
  const splitName = options.split ?? "test";
  const covariates = options.covariates ?? "past+future";
  const levels = [...(options.quantileLevels ?? DEFAULTS.quantileLevels)];
  const maxPredictions = options.maxPredictions ?? 0;
  const stride = options.stride ?? 1;
  const library = xgboost(); // fail fast when the library is missing
  const { path: dataPath } = await dataset.resolve({
    ...(options.data ? { data: options.data } : {}),
    ...warn,
  });
  const data = await dataset.load(dataPath, warn);
  info(`Data: ${dataPath} (${data.target.length} rows); XGBoost ${library.version}`);
  const { origins } = zeroShotOrigins(data.target.length, {
    split: splitName,
    predictionLength: H,
    stride,
    maxPredictions,
  });
  const splits = chronologicalSplits(data.target.length);
  const periods = seasonalPeriods(dataset, data.frequencyMs);
  const experiment = options.experiment ??
    `${dataset.experiments.zeroShot.replace(/_chronos2$/, "")}_xgboost`;
  const tracker = options.tracker === false ? undefined : options.tracker ?? createTracker(warn);
  const run = tracker
    ? await startTaskRun(tracker, {
      experiment,
      runName: `xgboost ${splitName} ${new Date().toISOString().slice(0, 19)}`,
      kind: "gbdt",
      settings: {
        model: "xgboost",
        data: data.source,
        split: splitName,
        contextLength: periods.weeklyPeriod,
        predictionLength: H,
        covariates,
        quantileLevels: levels,
        maxPredictions,
        numPredictions: origins.length,
        stride,
        device: "cpu",
      },
      dataset: {
        path: data.source,
        columns: [data.targetName, ...data.covariates.map((c) => c.name)]
          .map((name) => ({ name, type: "double" })),
        profile: splitProfile(data.target.length, splits),
        context: splitName === "test" ? "test" : "validation",
      },
    })
    : undefined;
  try {
    const model = fitGbdt(data, splits, {
      horizon: H,
      levels,
      covariates,
      periods,
      ...(options.params ? { params: options.params } : {}),
      ...(options.numRounds ? { numRounds: options.numRounds } : {}),
      ...(options.earlyStoppingRounds ? { earlyStoppingRounds: options.earlyStoppingRounds } : {}),
      ...(options.threads ? { threads: options.threads } : {}),
      onRound: (round, rmse) => {
        if (round % 50 === 0) info(`Round ${round}: validation RMSE ${rmse.toFixed(4)}`);
      },
    });
    try {
      info(
        `Trained ${model.roundsRun} rounds in ${model.seconds.toFixed(1)} s, best round ` +
          `${model.bestRound} (validation RMSE ${model.curve[model.bestRound]!.toFixed(4)})`,
      );
      const name = covariates === "past+future" ? "xgboost" : `xgboost (covariates ${covariates})`;
      const evaluation = await evaluateForecasters({
        request: {
          data,
          origins,
          contextLength: periods.weeklyPeriod,
          predictionLength: H,
          quantileLevels: levels,
        },
        forecasters: [
          gbdtForecaster(model, { name, utcOffsetMinutes: data.utcOffsetMinutes ?? 0 }),
          ...standardBaselines(periods),
        ],
        scorer: (actual) =>
          createScorer({
            device: "cpu",
            actual,
            levels,
            maseScale: {
              train: data.target.subarray(splits.train.start, splits.train.end),
              period: periods.seasonalPeriod,
            },
            ...warn,
          }),
      });
      const gain = model.booster.featureScore("total_gain");
      const total = gain.reduce((a, b) => a + b, 0) || 1;
      const scores = Object.fromEntries(
        model.featureNames
          .map((name, j) => [name, gain[j]! / total] as const)
          .sort((a, b) => b[1] - a[1]),
      );
      const models = evaluation.models;
      models[0] = { ...models[0]!, featureImportance: { type: "total_gain_share", scores } };
      const now = options.now ?? new Date();
      const outputDir = options.outputDir === null ? undefined : options.outputDir ??
        "models/foundation";
      const modelDir = outputDir
        ? await saveGbdtModel(
          model,
          `${outputDir}/${resultsFileName(now, "xgboost").replace(/\.json$/, "")}`,
        )
        : undefined;
      const segments = segmentsAt(dataset, data, origins);
      const results: EvaluationResults = {
        schema: RESULTS_SCHEMA,
        task: "gbdt",
        createdAt: new Date().toISOString(),
        config: {
          data: data.source,
          split: splitName,
          contextLength: periods.weeklyPeriod,
          predictionLength: H,
          covariates,
          quantileLevels: levels,
          maxPredictions,
          stride,
          model: "xgboost",
          xgboostVersion: library.version,
          xgboostParams: model.params,
          bestRound: model.bestRound,
          roundsRun: model.roundsRun,
          trainRows: model.rows.train,
          valRows: model.rows.val,
          trainSeconds: model.seconds,
          features: model.featureNames,
          multiHorizon: "one model, the step as a feature",
          quantileMethod:
            "validation residual quantiles per step (XGBoost 1.x has no quantile objective)",
          device: "cpu",
        },
        origins,
        timestamps: origins.map((o) =>
          formatTimestamp(data.timestamps[o]!, data.utcOffsetMinutes ?? 0)
        ),
        actuals: origins.map((_, i) => Array.from(evaluation.actual.subarray(i * H, (i + 1) * H))),
        ...(segments ? { loadType: segments } : {}),
        models,
        links: {
          experiment,
          ...(modelDir ? { modelPath: modelDir } : {}),
          ...(run ? { runId: run.runId } : {}),
        },
      };
      const resultsPath = outputDir
        ? await writeResultsFile(results, outputDir, { prefix: "xgboost_results", now })
        : undefined;
      if (run) {
        await run.logParams({
          "xgboost_version": library.version,
          "best_round": model.bestRound,
          "rounds_run": model.roundsRun,
          "train_rows": model.rows.train,
          features: model.featureNames.length,
          ...Object.fromEntries(Object.entries(model.params).map(([k, v]) => [`xgb_${k}`, v])),
        });
        for (let i = 0; i < model.curve.length; i += 10) {
          await run.logMetrics({ "val_rmse": model.curve[i]! }, i);
        }
        await run.logMetrics({
          ...evaluationMetrics(results, "gbdt"),
          "train_seconds": model.seconds,
        });
        await run.setTags({
          ...(resultsPath ? { [RUN_TAGS.resultsPath]: resolve(resultsPath) } : {}),
          ...(modelDir ? { [RUN_TAGS.modelPath]: resolve(modelDir) } : {}),
        });
        if (resultsPath) await run.logArtifact(resultsPath);
        await closeRun(run);
      }
      return {
        results,
        ...(resultsPath ? { resultsPath } : {}),
        ...(modelDir ? { modelDir } : {}),
        ...(run ? { runId: run.runId } : {}),
        dataPath,
      };
    } finally {
      model.booster.free();
    }
  } catch (err) {
    if (run) await closeRun(run, { error: err }).catch(() => {});
    throw err;
  }
}
