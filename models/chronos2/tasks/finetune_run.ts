/**
 * The tracked run of a fine-tuning: opened before training starts (params in
 * the shared vocabulary, context tags, the data as a dataset input), the loss,
 * learning rate, gradient norm and validation loss streamed at their steps
 * with their real timestamps while training runs, the run id written into
 * every checkpoint so that a resumed training continues the same run, and the
 * run closed FINISHED, KILLED (Ctrl-C, with the steps done) or FAILED with
 * the error as tags.
 *
 * @module
 */

import { splitProfile } from "../../../lib/tracking/dataset_input.ts";
import { join, resolve } from "node:path";
import { chronologicalSplits } from "../../../lib/data/splits.ts";
import type { TimeSeriesData } from "../../../lib/data/types.ts";
import { type CovariateMode, windowRows } from "../../../lib/evaluate/covariate_rows.ts";
import type { CheckpointSink } from "../../../lib/optim/fit.ts";
import type { TrainingPoint } from "../../../lib/results/schema.ts";
import { redactUrl } from "../../../lib/net/redact.ts";
import {
  closeRun,
  datasetInputFromFile,
  MetricStream,
  type ResumeRunOptions,
  RUN_TAGS,
  type RunEnd,
  runParams,
  type RunSettings,
  runTags,
  type StartRunOptions,
  type TrackedRun,
} from "../../../lib/tracking/mod.ts";

/** The file, in each checkpoint folder, that names the run the checkpoint belongs to. */
export const RUN_REF_FILE = "mlflow_run.json";

/** What a checkpoint records of its run. */
export interface RunRef {
  /** Run id. */
  runId: string;
  /** Experiment name. */
  experiment: string;
  /** The tracking URI the run lives in (credentials removed). */
  trackingUri: string;
}

/** A tracker a fine-tuning can log to (lib/tracking `Tracker`, or a wrapper of one). */
export interface FinetuneTracker {
  /** The tracking URI. */
  readonly uri?: string;
  /** Starts a run. */
  startRun(options: StartRunOptions): Promise<TrackedRun>;
  /** Continues a run (resumed training). */
  resumeRun?(options: ResumeRunOptions): Promise<TrackedRun>;
}

/** Options of {@linkcode openFinetuneRun}. */
export interface OpenFinetuneRunOptions {
  /** Experiment name. */
  experiment: string;
  /** The run folder (its name becomes the run name). */
  runDir: string;
  /** The checkpoint folder training resumes from, if any. */
  resumeFrom?: string;
  /** Optimizer steps already done (0 for a new run). */
  stepsDone: number;
  /** The run's settings. */
  settings: RunSettings;
  /** The base model folder. */
  modelDir: string;
  /** The data. */
  data: TimeSeriesData;
  /** Covariate mode (which columns are used). */
  covariates: CovariateMode;
  /** More tags (e.g. the parent of a sweep trial). */
  tags?: Record<string, string>;
  /** Warnings. */
  onWarning?: (message: string) => void;
}

/** An open fine-tuning run. */
export interface FinetuneTracking {
  /** The run. */
  readonly run: TrackedRun;
  /** Records a training step's curve point (non-blocking). */
  step(point: TrainingPoint): void;
  /** Wraps a checkpoint sink so that each checkpoint names this run. */
  checkpoints(inner: CheckpointSink): CheckpointSink;
  /** Sends what is pending: the curve points not streamed yet, then everything. */
  flush(history?: readonly TrainingPoint[]): Promise<void>;
  /** Flushes, then closes the run as the task ended. */
  close(end: RunEnd, history?: readonly TrainingPoint[]): Promise<void>;
}

async function readRunRef(checkpointDir: string): Promise<RunRef | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(join(checkpointDir, RUN_REF_FILE))) as RunRef;
  } catch {
    return undefined;
  }
}

/** The metric keys of a curve point. */
function pointMetrics(p: TrainingPoint): Record<string, number> {
  const m: Record<string, number> = {};
  if (p.loss !== undefined) m.loss = p.loss;
  if (p.valLoss !== undefined) m["val_loss"] = p.valLoss;
  if (p.learningRate !== undefined) m["learning_rate"] = p.learningRate;
  if (p.gradNorm !== undefined) m["grad_norm"] = p.gradNorm;
  return m;
}

/**
 * Opens the run of a fine-tuning (or continues the run its checkpoint names).
 *
 * @param tracker the tracker
 * @param o experiment, folders, settings, data and resume point
 * @returns the open run with its step stream
 * @example Usage
 * ```ts ignore
 * const t = await openFinetuneRun(createTracker(), { experiment, runDir, stepsDone: 0, ... });
 * ```
 */
export async function openFinetuneRun(
  tracker: FinetuneTracker,
  o: OpenFinetuneRunOptions,
): Promise<FinetuneTracking> {
  const trackingUri = redactUrl(tracker.uri ?? "");
  const ref = o.resumeFrom ? await readRunRef(o.resumeFrom) : undefined;
  let run: TrackedRun | undefined;
  if (ref && tracker.resumeRun && ref.trackingUri === trackingUri) {
    try {
      run = await tracker.resumeRun({ runId: ref.runId, experiment: ref.experiment });
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      o.onWarning?.(`${err.message}; this training is tracked as a new run`);
    }
  } else if (ref) {
    o.onWarning?.(
      `The checkpoint's run "${ref.runId}" is in "${ref.trackingUri}", not in "${trackingUri}": ` +
        `this training is tracked as a new run`,
    );
  }
  if (!run) {
    run = await tracker.startRun({
      experiment: o.experiment,
      runName: o.runDir.replace(/\/+$/, "").split("/").pop()!,
      tags: {
        ...(await runTags("finetune", { modelPath: o.runDir })),
        [RUN_TAGS.baseModelPath]: resolve(o.modelDir),
        ...o.tags,
      },
    });
    await run.logParams(runParams(o.settings));
    const splits = chronologicalSplits(o.data.target.length);
    const rows = windowRows(o.data, o.covariates);
    await run.logInputs([
      await datasetInputFromFile(o.data.source, {
        columns: rows.names.map((name) => ({ name, type: "double" })),
        profile: splitProfile(o.data.target.length, splits),
        context: "training",
      }),
    ]);
  }
  const tracked = run;
  // The validation before the first step happens right after the run opens.
  const openedAt = Date.now();
  const stream = new MetricStream(tracked);
  const seen = new Set<number>();
  const startedIn = tracked.store;
  // Read at each checkpoint: a run that fell back to ./mlruns mid-training has a new id there.
  const refText = () =>
    JSON.stringify(
      {
        runId: tracked.runId,
        experiment: o.experiment,
        trackingUri: tracked.store === startedIn ? trackingUri : `${trackingUri} (fell back)`,
      } satisfies RunRef,
    );
  const flush = async (history: readonly TrainingPoint[] = []) => {
    // Points the loop did not report one by one (the validation before the first step).
    for (const p of history) {
      if (p.step > o.stepsDone || (p.step === 0 && o.stepsDone === 0)) {
        if (!seen.has(p.step)) {
          stream.add(pointMetrics(p), p.step, p.step === 0 ? openedAt : Date.now());
        }
        seen.add(p.step);
      }
    }
    await stream.flush();
  };
  return {
    run: tracked,
    step(point) {
      seen.add(point.step);
      stream.add(pointMetrics(point), point.step);
    },
    checkpoints(inner) {
      return {
        async save(checkpoint) {
          const dir = await inner.save(checkpoint);
          await Deno.writeTextFile(join(dir, RUN_REF_FILE), refText());
          return dir;
        },
      };
    },
    flush,
    async close(end, history) {
      try {
        await flush(history);
      } finally {
        await closeRun(tracked, end);
      }
    },
  };
}
