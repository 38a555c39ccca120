/**
 * A hyperparameter sweep over workers: the config's trials (grid or seeded
 * random search) sent as sweep-trial jobs, one MLflow parent run with a child
 * run per trial, the best trial by validation loss named and its model kept
 * (the other trials' model folders are removed unless asked to keep them),
 * and a summary JSON of every trial beside the models.
 *
 * @module
 */

import { resolve } from "node:path";
import { openQueue } from "../../../lib/distributed/queue.ts";
import { parseRedisUrl } from "../../../lib/distributed/redis_url.ts";
import { runJobs } from "../../../lib/distributed/run_jobs.ts";
import { planSweep } from "../../../lib/distributed/sweep_plan.ts";
import type { ZeroShotTracker } from "../../../lib/evaluate/zero_shot.ts";
import { closeRun } from "../../../lib/tracking/run_lifecycle.ts";
import { runTags } from "../../../lib/tracking/vocabulary.ts";
import { locateChronos2 } from "../open.ts";
import { SWEEP_TRIAL_JOB, type SweepTrialJob, type SweepTrialResult } from "./sweep_trial.ts";

/** Options of {@linkcode runSweep}. */
export interface SweepOptions {
  /** The sweep config (as parsed from sweep.json). */
  config: unknown;
  /** Redis URL of the queue. */
  redisUrl: string;
  /** Queue name. @default "chronos" */
  queue?: string;
  /** Base model folder or hub id. */
  model: string;
  /** Data file every worker reads. */
  data: string;
  /** Where the trials' model folders and the summary go. @default "models/foundation" */
  outputDir?: string;
  /** MLflow experiment of the parent and child runs. */
  experiment: string;
  /** Tracking of the parent run; none when absent. */
  tracker?: ZeroShotTracker;
  /** Test origins each trial's evaluation uses (0 = all). @default {10} */
  maxPredictions?: number;
  /** Keep every trial's model folder, not only the best's. @default false */
  keepAll?: boolean;
  /** Cancels the trials not yet started. */
  signal?: AbortSignal;
  /** Trials done / total. */
  onProgress?: (done: number, total: number) => void;
  /** One-line notes. */
  onInfo?: (line: string) => void;
  /** Give up after this long with no trial finishing. @default {3600000} */
  stallTimeoutMs?: number;
}

/** What {@linkcode runSweep} produced. */
export interface SweepOutcome {
  /** Every trial's result, in trial order. */
  trials: SweepTrialResult[];
  /** The best trial (lowest validation loss). */
  best: SweepTrialResult;
  /** The summary JSON. */
  summaryPath: string;
  /** The parent run, when tracked. */
  parentRunId?: string;
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace("T", "_").slice(0, 15);
}

/**
 * Runs a sweep on the workers of a queue.
 *
 * @param options config, queue, model, data, experiment, tracking
 * @returns the trials, the best one, the summary file and the parent run
 * @throws {SyntaxError} when the sweep config is malformed
 * @throws {ShardFailedError} when a trial fails for good
 * @throws {RangeError} when no trial has a validation loss (set `validateEvery` in `fixed`)
 * @example Usage
 * ```ts ignore
 * import { runSweep } from "@chronos-deno/chronos-deno/chronos2";
 * const out = await runSweep({
 *   config: { method: "grid", parameters: { learningRate: [1e-5, 1e-4] }, fixed: { numSteps: 20, validateEvery: 10 } },
 *   redisUrl: "redis://127.0.0.1:6379", model: "/shared/chronos-2", data: "/shared/data/plant.csv",
 *   experiment: "steel_energy_chronos2_sweep",
 * });
 * console.log(out.best);
 * ```
 */
export async function runSweep(options: SweepOptions): Promise<SweepOutcome> {
  const trials = planSweep(options.config);
  const settings = parseRedisUrl(options.redisUrl);
  const outputDir = resolve(options.outputDir ?? "models/foundation");
  const where = await locateChronos2(options.model, { onInfo: options.onInfo });
  const started = new Date();
  const run = await options.tracker?.startRun({
    experiment: options.experiment,
    runName: `sweep ${started.toISOString().slice(0, 19)}`,
    tags: await runTags("sweep", { modelPath: where.dir }),
  });
  const queue = openQueue(settings, options.queue ?? "chronos");
  options.onInfo?.(
    `Sweep of ${trials.length} trial(s) on queue "${queue.name}" at ${settings.display}` +
      (run ? `, parent run ${run.runId}` : ""),
  );
  try {
    await run?.logParams({
      method: String((options.config as { method?: unknown }).method),
      trials: trials.length,
      model: options.model,
      data: resolve(options.data),
    });
    const jobs: SweepTrialJob[] = trials.map((trial) => ({
      trial,
      model: resolve(where.dir),
      data: resolve(options.data),
      outputDir,
      experiment: options.experiment,
      ...(run ? { parentRunId: run.runId } : {}),
      maxPredictions: options.maxPredictions ?? 10,
    }));
    const results = await runJobs({
      queue,
      kind: SWEEP_TRIAL_JOB,
      runId: `sweep-${crypto.randomUUID()}`,
      shards: jobs,
      attempts: 1,
      stallTimeoutMs: options.stallTimeoutMs ?? 3_600_000,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress
        ? { onProgress: (d: number, n: number) => options.onProgress!(d, n) }
        : {}),
    }) as SweepTrialResult[];
    const validated = results.filter((r) => typeof r.bestValLoss === "number");
    if (validated.length === 0) {
      throw new RangeError(
        'Cannot pick the best trial: no trial recorded a validation loss (set "validateEvery" in "fixed")',
      );
    }
    const best = validated.reduce((a, b) => (b.bestValLoss! < a.bestValLoss! ? b : a));
    if (!options.keepAll) {
      for (const r of results) {
        if (r !== best) await Deno.remove(r.modelDir, { recursive: true }).catch(() => {});
      }
    }
    await Deno.mkdir(outputDir, { recursive: true });
    const summaryPath = `${outputDir}/chronos2_sweep_${stamp(started)}.json`;
    await Deno.writeTextFile(
      summaryPath,
      JSON.stringify(
        {
          createdAt: started.toISOString(),
          config: options.config,
          best: best.index,
          bestModelDir: best.modelDir,
          bestResultsPath: best.resultsPath ?? null,
          parentRunId: run?.runId ?? null,
          trials: results,
        },
        null,
        2,
      ) + "\n",
    );
    if (run) {
      await run.logMetrics({
        best_val_loss: best.bestValLoss!,
        ...(best.rmse !== undefined ? { best_rmse: best.rmse } : {}),
      });
      await run.setTags({
        "sweep.best_trial": String(best.index),
        "sweep.best_run_id": best.runId ?? "",
        "sweep.best_model_path": best.modelDir,
      });
      await run.logArtifact(summaryPath);
      await closeRun(run);
    }
    return { trials: results, best, summaryPath, ...(run ? { parentRunId: run.runId } : {}) };
  } catch (err) {
    if (run) await closeRun(run, { error: err }).catch(() => {});
    throw err;
  } finally {
    await queue.close();
  }
}
