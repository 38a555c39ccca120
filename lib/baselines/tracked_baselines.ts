/**
 * The baselines evaluation as a tracked task: the run opens before the
 * forecasts (settings as params in the run vocabulary, the data file as a
 * dataset input), gets the metrics of every baseline (persistence's under the
 * plain names, the others prefixed: `daily_naive_rmse`) and the results file,
 * and closes FINISHED, or FAILED with the error.
 *
 * @module
 */

import { splitProfile } from "../tracking/dataset_input.ts";
import { resolve } from "node:path";
import { chronologicalSplits } from "../data/splits.ts";
import type { TimeSeriesData } from "../data/types.ts";
import { evaluationMetrics } from "../evaluate/run_record.ts";
import type { EvaluationResults } from "../results/schema.ts";
import { resultsToJson } from "../results/write.ts";
import { type RunStarter, type TaskRun, withTaskRun } from "../tracking/task_run.ts";
import { RUN_TAGS } from "../tracking/vocabulary.ts";
import { evaluateBaselines, type EvaluateBaselinesOptions } from "./evaluate_baselines.ts";

/** How {@linkcode evaluateBaselinesTracked} tracks and evaluates. */
export interface BaselineTracking {
  /** Starts the run (lib/tracking `createTracker()`); nothing is tracked when absent. */
  tracker?: RunStarter;
  /** The experiment. */
  experiment: string;
  /** The data file (the run's data param and dataset input). */
  dataPath: string;
  /** Also write the results to this file (tagged and logged as an artifact). */
  outputFile?: string;
  /** The evaluation: local by default, or one whose forecasts workers compute. */
  evaluate?: (
    data: TimeSeriesData,
    options: EvaluateBaselinesOptions,
  ) => Promise<EvaluationResults>;
}

/**
 * Evaluates the baselines in a tracked run (kind `baselines`).
 *
 * @param data the series
 * @param options as {@linkcode evaluateBaselines}
 * @param tracking tracker, experiment, data file, evaluation
 * @returns the results and the run id (when tracked)
 * @example Usage
 * ```ts
 * import { evaluateBaselinesTracked } from "@chronos-deno/chronos-deno/baselines";
 * import assert from "node:assert/strict";
 * const target = Float64Array.from({ length: 3000 }, (_, i) => 10 + Math.sin(i / 15));
 * const data = { source: "sine.csv", timestamps: Float64Array.from(target, (_, i) => i * 900000),
 *   frequencyMs: 900000, targetName: "y", target, covariates: [] };
 * const { results, runId } = await evaluateBaselinesTracked(data, {}, { experiment: "e", dataPath: "sine.csv" });
 * assert.equal(results.models.length, 4);
 * assert.equal(runId, undefined); // no tracker: nothing tracked
 * ```
 */
export async function evaluateBaselinesTracked(
  data: TimeSeriesData,
  options: EvaluateBaselinesOptions,
  tracking: BaselineTracking,
): Promise<{ results: EvaluationResults; runId?: string }> {
  const split = options.split ?? "test";
  const splits = chronologicalSplits(data.target.length, options.fractions);
  const evaluate = tracking.evaluate ?? evaluateBaselines;
  return await withTaskRun(tracking.tracker, {
    experiment: tracking.experiment,
    runName: `baselines ${split} ${new Date().toISOString().slice(0, 19)}`,
    kind: "baselines",
    settings: {
      data: tracking.dataPath,
      split: split === "val" ? "validation" : split,
      predictionLength: options.predictionLength ?? 1,
      maxPredictions: options.maxPredictions ?? 0,
      stride: options.stride ?? 1,
    },
    dataset: {
      path: resolve(tracking.dataPath),
      columns: [{ name: data.targetName, type: "double" }],
      profile: splitProfile(data.target.length, splits),
      context: split === "val" ? "validation" : split,
    },
  }, async (run: TaskRun | undefined) => {
    const results = await evaluate(data, options);
    const path = tracking.outputFile;
    if (path !== undefined) await Deno.writeTextFile(path, resultsToJson(results));
    if (run) {
      await run.logParams({ "num_predictions": results.origins.length });
      await run.logMetrics(evaluationMetrics(results, "baseline"));
      if (path !== undefined) {
        await run.setTags({ [RUN_TAGS.resultsPath]: resolve(path) });
        await run.logArtifact(path);
      }
    }
    return { results, ...(run ? { runId: run.runId } : {}) };
  });
}
