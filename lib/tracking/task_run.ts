/**
 * How a task opens its run, the same way for every kind: the params of its
 * settings in the shared vocabulary, the context tags (kind, source, commit,
 * user, host, versions, absolute model path), the data file as a dataset
 * input; and {@linkcode withTaskRun}, which closes the run as the task ended
 * (FINISHED, KILLED when interrupted, FAILED with the error as tags).
 *
 * @module
 */

import { type DatasetColumn, datasetInputFromFile } from "./dataset_input.ts";
import { closeRun } from "./run_lifecycle.ts";
import type { DatasetInput, EndStatus, StartRunOptions } from "./types.ts";
import { runParams, type RunSettings, runTags } from "./vocabulary.ts";

/** A run as tasks use it (lib/tracking `TrackedRun`, or a narrower wrapper of one). */
export interface TaskRun {
  /** Run id. */
  readonly runId: string;
  /** Logs params. */
  logParams(params: Record<string, string | number | boolean>): Promise<void>;
  /** Logs metrics. */
  logMetrics(metrics: Record<string, number>, step?: number): Promise<void>;
  /** Sets tags. */
  setTags(tags: Record<string, string>): Promise<void>;
  /** Logs a file as an artifact. */
  logArtifact(localPath: string, artifactPath?: string): Promise<void>;
  /** Records dataset inputs (absent on narrow wrappers: then none is recorded). */
  logInputs?(inputs: readonly DatasetInput[]): Promise<void>;
  /** Ends the run. */
  end(status?: EndStatus): Promise<void>;
}

/** Something that starts runs (lib/tracking `Tracker`, or a wrapper adding tags). */
export interface RunStarter<R extends TaskRun = TaskRun> {
  /** Starts a run. */
  startRun(options: StartRunOptions): Promise<R>;
}

/** The data file of a task, as its dataset input. */
export interface TaskDataset {
  /** The file. */
  path: string;
  /** The columns the task used. */
  columns: readonly DatasetColumn[];
  /** Rows in all and per split (`num_rows`, `train_rows`, `validation_rows`, `test_rows`). */
  profile?: Record<string, number>;
  /** What the data was used for: "training", "validation", "test". */
  context?: string;
  /** Dataset name. @default the file name without extension */
  name?: string;
}

/** Options of {@linkcode startTaskRun}. */
export interface TaskRunOptions {
  /** Experiment name. */
  experiment: string;
  /** Run name. @default a generated name */
  runName?: string;
  /** Run kind: "zero-shot", "finetune", "gbdt", "ensemble", "sweep". */
  kind: string;
  /** The task's settings (logged as params). */
  settings: RunSettings;
  /** The model folder evaluated or written (tagged as an absolute path). */
  modelPath?: string;
  /** Parent run (nests this one in the UI). */
  parentRunId?: string;
  /** More tags. */
  tags?: Record<string, string>;
  /** The data file. */
  dataset?: TaskDataset;
}

/**
 * Starts a task's run with its params, context tags and dataset input.
 *
 * @param tracker the tracker
 * @param o experiment, name, kind, settings, model path, data
 * @returns the run
 * @example Usage
 * ```ts
 * import { createTracker, listRuns, startTaskRun } from "@chronos-deno/chronos-deno/tracking";
 * const dir = await Deno.makeTempDir();
 * const run = await startTaskRun(createTracker({ uri: dir }), {
 *   experiment: "demo", kind: "zero-shot", settings: { contextLength: 512 }, modelPath: "m",
 * });
 * await run.end();
 * const [r] = await listRuns({ uri: dir });
 * if (r!.params.context_length !== "512" || r!.tags["chronos.run_kind"] !== "zero-shot") {
 *   throw new Error();
 * }
 * ```
 */
export async function startTaskRun<R extends TaskRun>(
  tracker: RunStarter<R>,
  o: TaskRunOptions,
): Promise<R> {
  const run = await tracker.startRun({
    experiment: o.experiment,
    ...(o.runName !== undefined ? { runName: o.runName } : {}),
    tags: {
      ...(await runTags(o.kind, {
        ...(o.modelPath !== undefined ? { modelPath: o.modelPath } : {}),
        ...(o.parentRunId !== undefined ? { parentRunId: o.parentRunId } : {}),
      })),
      ...o.tags,
    },
  });
  try {
    await run.logParams(runParams(o.settings));
    if (o.dataset && run.logInputs) {
      const d = o.dataset;
      await run.logInputs([
        await datasetInputFromFile(d.path, {
          columns: d.columns,
          ...(d.profile ? { profile: d.profile } : {}),
          ...(d.context !== undefined ? { context: d.context } : {}),
          ...(d.name !== undefined ? { name: d.name } : {}),
        }),
      ]);
    }
  } catch (err) {
    await closeRun(run, { error: err }).catch(() => {});
    throw err;
  }
  return run;
}

/**
 * Runs a task inside its run: opened first, closed as the task ended.
 * Without a tracker the task runs untracked.
 *
 * @param tracker the tracker, or undefined
 * @param o what {@linkcode startTaskRun} takes
 * @param body the task, given the run
 * @param interrupted tells from the task's result whether it stopped early @default never
 * @returns the task's result
 * @throws what the task throws (after the run is closed FAILED, or KILLED on an abort)
 * @example Usage
 * ```ts
 * import { createTracker, listRuns, withTaskRun } from "@chronos-deno/chronos-deno/tracking";
 * const dir = await Deno.makeTempDir();
 * await withTaskRun(createTracker({ uri: dir }), { experiment: "e", kind: "baselines", settings: {} },
 *   async (run) => await run?.logMetrics({ rmse: 1 }));
 * if ((await listRuns({ uri: dir }))[0]!.status !== "FINISHED") throw new Error();
 * ```
 */
export async function withTaskRun<T, R extends TaskRun>(
  tracker: RunStarter<R> | undefined,
  o: TaskRunOptions,
  body: (run: R | undefined) => Promise<T>,
  interrupted: (result: T) => boolean = () => false,
): Promise<T> {
  const run = tracker ? await startTaskRun(tracker, o) : undefined;
  let result: T;
  try {
    result = await body(run);
  } catch (err) {
    if (run) await closeRun(run, { error: err }).catch(() => {});
    throw err;
  }
  if (run) await closeRun(run, { interrupted: interrupted(result) });
  return result;
}
