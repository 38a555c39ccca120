/**
 * One trial of a sweep, as a worker runs it: fine-tune with the trial's
 * options (then evaluate on the test split), tracked as a child run of the
 * sweep's parent run (`mlflow.parentRunId`, so the MLflow UI nests it), and
 * report the best validation loss, the model folder and the results file.
 *
 * @module
 */

import type { JobHandler } from "../../../lib/distributed/queue.ts";
import { PermanentJobError } from "../../../lib/distributed/queue.ts";
import { SWEEP_OPTIONS, type SweepTrial } from "../../../lib/distributed/sweep_plan.ts";
import { createTracker } from "../../../lib/tracking/mod.ts";
import { runFinetuneTask } from "./finetune.ts";
import type { DatasetSpec } from "../../../lib/datasets/spec.ts";

/** The job kind of a sweep trial. */
export const SWEEP_TRIAL_JOB = "sweep-trial";

/** What a sweep-trial job carries. */
export interface SweepTrialJob {
  /** The trial. */
  trial: SweepTrial;
  /** Base model folder or hub id. */
  model: string;
  /** Data file. */
  data: string;
  /** Where the trial's model folder goes. */
  outputDir: string;
  /** The sweep's MLflow experiment. */
  experiment: string;
  /** The parent run id, when tracked. */
  parentRunId?: string;
  /** Origins of the test evaluation (0 = all). */
  maxPredictions: number;
}

/** What a trial returns. */
export interface SweepTrialResult {
  /** Trial index. */
  index: number;
  /** The trial's options. */
  options: Record<string, number | string | boolean>;
  /** Best validation loss (null when the trial never validated). */
  bestValLoss: number | null;
  /** Step of the best validation loss. */
  bestStep: number | null;
  /** The saved model folder. */
  modelDir: string;
  /** The results file of its test evaluation. */
  resultsPath?: string;
  /** Its tracked run. */
  runId?: string;
  /** Test RMSE of the fine-tuned model. */
  rmse?: number;
  /** Seconds the trial took. */
  seconds: number;
}

/** The fine-tuning options of a trial (`loraRank` becomes `lora: { rank, alpha: 2·rank }`). */
function finetuneOptionsOf(
  options: Record<string, number | string | boolean>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) {
    if (k === "loraRank") out.lora = { rank: Number(v), alpha: 2 * Number(v) };
    else if (SWEEP_OPTIONS.includes(k)) out[k] = v;
    else {throw new PermanentJobError(
        `Cannot run the trial: "${k.slice(0, 60)}" is not a fine-tuning option`,
      );}
  }
  return out;
}

/**
 * Creates the sweep-trial job handlers of a worker.
 *
 * @param options progress lines of the trials
 * @returns the handlers by job kind
 * @example Usage
 * ```ts ignore
 * import { runWorker, sweepTrialHandlers } from "@chronos-deno/chronos-deno/chronos2";
 * ```
 */
export function sweepTrialHandlers(
  options: { dataset: DatasetSpec; onInfo?: (line: string) => void },
): Record<string, JobHandler> {
  return {
    [SWEEP_TRIAL_JOB]: async (raw) => {
      const job = raw as SweepTrialJob;
      if (!job?.trial || typeof job.model !== "string" || typeof job.data !== "string") {
        throw new PermanentJobError("Cannot run the sweep trial: its job data is malformed");
      }
      const t0 = performance.now();
      const base = createTracker();
      const tracker = job.parentRunId
        ? {
          startRun: (o: { experiment: string; runName?: string; tags?: Record<string, string> }) =>
            base.startRun({
              ...o,
              runName: `trial ${job.trial.index}`,
              tags: {
                ...o.tags,
                "mlflow.parentRunId": job.parentRunId!,
                "sweep.trial": String(job.trial.index),
              },
            }),
        }
        : base;
      const out = await runFinetuneTask(
        {
          ...finetuneOptionsOf(job.trial.options),
          dataset: options.dataset,
          model: job.model,
          data: job.data,
          outputDir: job.outputDir,
          experiment: job.experiment,
          maxPredictions: job.maxPredictions,
          skipZeroShot: true,
          tracker,
          now: new Date(Date.now() + job.trial.index * 1000), // distinct folder stamps per trial
          ...(options.onInfo ? { onInfo: options.onInfo } : {}),
        } as Parameters<typeof runFinetuneTask>[0],
      );
      const finetuned = out.results?.models.find((m) => m.kind === "finetuned");
      const result: SweepTrialResult = {
        index: job.trial.index,
        options: job.trial.options,
        bestValLoss: out.fit.bestValLoss,
        bestStep: out.fit.bestStep,
        modelDir: out.modelDir,
        ...(out.resultsPath ? { resultsPath: out.resultsPath } : {}),
        ...(out.runId ? { runId: out.runId } : {}),
        ...(finetuned ? { rmse: finetuned.metrics.rmse } : {}),
        seconds: (performance.now() - t0) / 1000,
      };
      return result;
    },
  };
}
