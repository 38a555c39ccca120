/**
 * The evaluation step of fine-tuning: the test split scored exactly as the
 * zero-shot task scores it (lib/evaluate's `runZeroShot`), for the
 * fine-tuned model and, unless skipped, the untuned one on the same origins;
 * one results file, its metrics added to the fine-tuning's tracked run.
 *
 * @module
 */

import { DEFAULTS } from "../../../lib/defaults.ts";
import { resolve } from "node:path";
import type { CovariateMode } from "../../../lib/evaluate/covariate_rows.ts";
import { RUN_TAGS } from "../../../lib/tracking/vocabulary.ts";
import { writeResultsFile } from "../../../lib/results/write.ts";
import { runZeroShot } from "../../../lib/evaluate/zero_shot.ts";
import { standardBaselines } from "../../../lib/baselines/standard.ts";
import { seasonalPeriods } from "../../../lib/data/frequency.ts";
import { evaluationMetrics } from "../../../lib/evaluate/run_record.ts";
import type { EvaluationResults, ModelResult } from "../../../lib/results/schema.ts";
import type { FinetuneOptions } from "./finetune_options.ts";
import type { FitResult } from "../../../lib/optim/fit.ts";
import { openChronos2 } from "../open.ts";
import { interpolateQuantiles } from "../quantiles.ts";

/** The part of the fine-tuning's tracked run the evaluation logs to. */
export interface EvaluationRun {
  /** Run id. */
  readonly runId: string;
  /** Logs metrics. */
  logMetrics(metrics: Record<string, number>, step?: number): Promise<void>;
  /** Sets tags. */
  setTags(tags: Record<string, string>): Promise<void>;
  /** Logs a file as an artifact. */
  logArtifact(localPath: string, artifactPath?: string): Promise<void>;
}

/**
 * Evaluates a fine-tuned model folder on the test split exactly as the
 * zero-shot task does (and, unless skipped, the untuned model on the same
 * origins), writes `chronos2_finetuned[_covariates]_results_*.json` and
 * adds its metrics, tags and results file to the fine-tuning's tracked run.
 *
 * @param options the fine-tuning options (data, model, evaluation and tracking settings)
 * @param runDir the saved fine-tuned model folder
 * @param result the training result (history, best step)
 * @param covariates the covariate mode
 * @param suffix "" or "_covariates"
 * @param run the fine-tuning's tracked run, which the evaluation's metrics, tags and results file join
 * @returns the results, their file and the tracked run id
 * @example Usage
 * ```ts ignore
 * const { resultsPath } = await evaluateFinetuned(options, runDir, fitResult, "none", "");
 * ```
 */
export async function evaluateFinetuned(
  options: FinetuneOptions,
  runDir: string,
  result: FitResult,
  covariates: CovariateMode,
  suffix: string,
  run?: EvaluationRun,
): Promise<{ results: EvaluationResults; resultsPath: string; runId?: string }> {
  const H = options.predictionLength ?? 1;
  const C = options.contextLength ?? DEFAULTS.contextLength;
  const periods = seasonalPeriods(options.dataset, options.data.frequencyMs);
  const zeroShot = async (dir: string, id: string) => {
    const opened = await openChronos2(dir, {
      executionProvider: options.device ?? "auto",
      ...(options.precision ? { precision: options.precision } : {}),
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    });
    try {
      return await runZeroShot({
        data: options.data,
        model: {
          name: "chronos-2 zero-shot",
          pipeline: opened.pipeline,
          interpolate: interpolateQuantiles,
          id,
          executionProvider: opened.executionProvider,
          executionProviderReason: opened.providerReason,
        },
        baselines: standardBaselines(periods),
        seasonalPeriod: periods.seasonalPeriod,
        ...(options.dataset.segmentColumn !== undefined
          ? { segmentColumn: options.dataset.segmentColumn }
          : {}),
        split: "test",
        contextLength: C,
        predictionLength: H,
        maxPredictions: options.maxPredictions ?? 10,
        covariates,
        device: options.device ?? "auto",
        outputDir: null, // the merged results file is written below
        ...(options.onWarning ? { onWarning: options.onWarning } : {}),
      });
    } finally {
      await opened.pipeline.release();
    }
  };
  const tuned = await zeroShot(runDir, runDir);
  const [chronos, ...baselines] = tuned.results.models;
  const models: ModelResult[] = [{
    ...chronos!,
    name: "chronos-2 fine-tuned",
    kind: "finetuned",
  }];
  if (!options.skipZeroShot) {
    const base = await zeroShot(options.modelDir, options.modelId ?? options.modelDir);
    models.push({ ...base.results.models[0]!, name: "chronos-2 zero-shot", kind: "zero-shot" });
  }
  models.push(...baselines);
  const experiment = options.experiment ??
    (suffix
      ? options.dataset.experiments.finetunedCovariates
      : options.dataset.experiments.finetuned);
  const results: EvaluationResults = {
    ...tuned.results,
    task: suffix ? "finetune-covariates" : "finetune",
    createdAt: new Date().toISOString(),
    config: {
      ...tuned.results.config,
      mode: options.mode ?? "full",
      numSteps: options.numSteps ?? 10,
      learningRate: options.learningRate ?? 1e-5,
      gradientAccumulationSteps: options.gradientAccumulationSteps ?? 4,
      trainBatchSize: options.batchSize ?? 8,
      seed: options.seed ?? 42,
      baseModel: options.modelId ?? options.modelDir,
    },
    models,
    training: result.history,
    links: { modelPath: runDir, experiment },
  };
  if (run) results.links = { ...results.links, runId: run.runId };
  const resultsPath = await writeResultsFile(
    results,
    options.outputDir ?? "models/foundation",
    {
      prefix: `chronos2_finetuned${suffix}_results`,
      ...(options.now ? { now: options.now } : {}),
    },
  );
  if (run) {
    // The run was opened before training (params, curve); the evaluation adds to it.
    await run.logMetrics(evaluationMetrics({ models }, "finetuned"));
    await run.setTags({
      [RUN_TAGS.resultsPath]: resolve(resultsPath),
      ...(result.bestStep !== null ? { [RUN_TAGS.bestStep]: String(result.bestStep) } : {}),
    });
    await run.logArtifact(resultsPath);
  }
  return { results, resultsPath, ...(run ? { runId: run.runId } : {}) };
}
