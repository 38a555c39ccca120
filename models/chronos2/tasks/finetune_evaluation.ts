/**
 * The evaluation step of fine-tuning: the test split scored exactly as the
 * zero-shot task scores it (lib/evaluate's `runZeroShot`), for the
 * fine-tuned model and, unless skipped, the untuned one on the same origins;
 * one results file and one tracked run (loss curves as metric steps).
 *
 * @module
 */

import type { CovariateMode } from "../../../lib/evaluate/covariate_rows.ts";
import { writeResultsFile } from "../../../lib/results/write.ts";
import { runZeroShot } from "../../../lib/evaluate/zero_shot.ts";
import { evaluationMetrics } from "../../../lib/evaluate/run_record.ts";
import type { EvaluationResults, ModelResult } from "../../../lib/results/schema.ts";
import type { FinetuneOptions } from "./finetune_options.ts";
import type { FitResult } from "../../../lib/optim/fit.ts";
import { openChronos2 } from "../open.ts";
import { interpolateQuantiles } from "../quantiles.ts";

/**
 * Evaluates a fine-tuned model folder on the test split exactly as the
 * zero-shot task does (and, unless skipped, the untuned model on the same
 * origins), writes `chronos2_finetuned[_covariates]_results_*.json` and
 * tracks the run with the loss curves as metric steps.
 *
 * @param options the fine-tuning options (data, model, evaluation and tracking settings)
 * @param runDir the saved fine-tuned model folder
 * @param result the training result (history, best step)
 * @param covariates the covariate mode
 * @param suffix "" or "_covariates"
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
): Promise<{ results: EvaluationResults; resultsPath: string; runId?: string }> {
  const H = options.predictionLength ?? 1;
  const C = options.contextLength ?? 512;
  const zeroShot = async (dir: string, id: string) => {
    const opened = await openChronos2(dir, {
      executionProvider: options.device ?? "auto",
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    });
    try {
      return await runZeroShot({
        data: options.data,
        model: {
          forecaster: opened.pipeline,
          interpolate: interpolateQuantiles,
          id,
          executionProvider: opened.executionProvider,
          executionProviderReason: opened.providerReason,
        },
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
  const experiment = options.experiment ?? `steel_energy_chronos2_finetuned${suffix}`;
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
  const run = await options.tracker?.startRun({ experiment, runName: runDir.split("/").pop()! });
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
    try {
      await run.logParams(
        Object.fromEntries(
          Object.entries(results.config).filter(([, v]) =>
            ["string", "number", "boolean"].includes(typeof v)
          ),
        ) as Record<string, string | number | boolean>,
      );
      for (const p of result.history) {
        const m: Record<string, number> = {};
        if (p.loss !== undefined) m.loss = p.loss;
        if (p.valLoss !== undefined) m["val_loss"] = p.valLoss;
        if (p.learningRate !== undefined) m["learning_rate"] = p.learningRate;
        if (p.gradNorm !== undefined) m["grad_norm"] = p.gradNorm;
        await run.logMetrics(m, p.step);
      }
      await run.logMetrics(evaluationMetrics({ models }, "finetuned"));
      await run.setTags({
        "model_path": runDir,
        "results_path": resultsPath,
        mode: options.mode ?? "full",
        ...(result.bestStep !== null ? { "best_step": String(result.bestStep) } : {}),
      });
      await run.logArtifact(resultsPath);
      await run.end("FINISHED");
    } catch (err) {
      await run.end("FAILED").catch(() => {});
      throw err;
    }
  }
  return { results, resultsPath, ...(run ? { runId: run.runId } : {}) };
}
