/**
 * The tracker interface shared by both stores (MLflow REST and the local
 * file store), and the records that listing and pushing read back.
 *
 * @module
 */

/** MLflow run states. */
export type RunStatus = "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED";

/** How a run ends. */
export type EndStatus = "FINISHED" | "FAILED" | "KILLED";

/** Which store a tracker or run writes to. */
export type StoreKind = "rest" | "file";

/** Options of {@linkcode Tracker.startRun}. */
export interface StartRunOptions {
  /** Experiment name; created when missing. */
  experiment: string;
  /** Run name shown in the UI. @default a generated "adjective-noun-123" name */
  runName?: string;
  /** Tags set when the run is created. @default {} */
  tags?: Record<string, string>;
  /** Start time in epoch milliseconds. @default now */
  startTime?: number;
}

/** Options of {@linkcode TrackedRun.logMetrics}. */
export interface LogMetricsOptions {
  /** Time of the values in epoch milliseconds. @default now */
  timestamp?: number;
}

/** One run being logged. */
export interface TrackedRun {
  /** Run id (uuid4 hex); changes if the run falls back to the local store. */
  readonly runId: string;
  /** Experiment id in the current store. */
  readonly experimentId: string;
  /** Experiment name. */
  readonly experimentName: string;
  /** The store written to now. */
  readonly store: StoreKind;
  /**
   * Logs params (immutable: logging another value for a key is an error).
   * @param params values; numbers and booleans are stored as strings
   */
  logParams(params: Record<string, string | number | boolean>): Promise<void>;
  /**
   * Logs metric values at one step (appended to each metric's history).
   * @param metrics values; NaN and ±Infinity are allowed
   * @param step training step or index @default 0
   * @param options timestamp
   */
  logMetrics(
    metrics: Record<string, number>,
    step?: number,
    options?: LogMetricsOptions,
  ): Promise<void>;
  /**
   * Logs metric values at their own steps and times (e.g. a batch of
   * training steps), appended to each metric's history in one write.
   * @param points values with key, step and epoch-ms timestamp
   */
  logMetricPoints(points: readonly MetricPoint[]): Promise<void>;
  /**
   * Records datasets as the run's inputs ("Datasets used" in the UI); a
   * dataset logged twice to one run is recorded once.
   * @param inputs the datasets and their context tags
   */
  logInputs(inputs: readonly DatasetInput[]): Promise<void>;
  /**
   * Sets tags (overwriting earlier values).
   * @param tags values
   */
  setTags(tags: Record<string, string>): Promise<void>;
  /**
   * Logs a file, or a folder recursively, as `<artifactPath>/<basename>`.
   * Model weights (`.safetensors`, `.onnx`, …) are refused.
   * @param localPath the file or folder
   * @param artifactPath folder inside the run's artifacts @default ""
   */
  logArtifact(localPath: string, artifactPath?: string): Promise<void>;
  /**
   * Ends the run.
   * @param status the final state @default "FINISHED"
   */
  end(status?: EndStatus): Promise<void>;
}

/** A tracking store that starts runs. */
export interface Tracker {
  /** Which store. */
  readonly kind: StoreKind;
  /** The tracking URI (server URL or store folder). */
  readonly uri: string;
  /**
   * Starts a run in an experiment, creating the experiment when missing.
   * @param options experiment, run name and tags
   * @returns the run
   */
  startRun(options: StartRunOptions): Promise<TrackedRun>;
  /**
   * Continues an existing run (a resumed training): marks it RUNNING again
   * and returns it for logging.
   * @param options the run id and its experiment's name
   * @returns the run
   * @throws {RangeError} when the store has no such run
   */
  resumeRun(options: ResumeRunOptions): Promise<TrackedRun>;
}

/** Options of {@linkcode Tracker.resumeRun}. */
export interface ResumeRunOptions {
  /** The run to continue. */
  runId: string;
  /** Its experiment's name. */
  experiment: string;
}

/**
 * A dataset as MLflow records it among a run's inputs (`runs/log-inputs`):
 * `source`, `schema` and `profile` are JSON texts, as MLflow sends them.
 */
export interface DatasetInput {
  /** Dataset name. */
  name: string;
  /** Short content digest (changes when the data changes). */
  digest: string;
  /** Kind of source, e.g. "local". */
  sourceType: string;
  /** JSON text, e.g. `{"uri": "file:///…/data.csv"}`. */
  source: string;
  /** JSON text: `{"mlflow_colspec": [{"type": "double", "name": "…"}]}`. */
  schema: string;
  /** JSON text, e.g. `{"num_rows": 35040, "train_rows": 24528}`. */
  profile: string;
  /** The `mlflow.data.context` tag: "training", "validation", "test", … */
  context?: string;
}

/** One metric value. */
export interface MetricPoint {
  /** Metric key. */
  key: string;
  /** Value (NaN and ±Infinity allowed). */
  value: number;
  /** Epoch milliseconds. */
  timestamp: number;
  /** Step. */
  step: number;
}

/** What a store knows about one run, as listed by `deno task runs`. */
export interface RunSummary {
  /** Run id. */
  runId: string;
  /** Run name. */
  runName: string;
  /** Experiment id. */
  experimentId: string;
  /** Experiment name. */
  experimentName: string;
  /** State. */
  status: RunStatus;
  /** Start, epoch milliseconds. */
  startTime: number;
  /** End, epoch milliseconds, or null while running. */
  endTime: number | null;
  /** Who ran it. */
  userId: string;
  /** Where its artifacts live (URI). */
  artifactUri: string;
  /** The artifacts folder on this machine (file store only). */
  artifactDir?: string;
  /** Params. */
  params: Record<string, string>;
  /** Latest value of each metric (highest step, then latest time). */
  metrics: Record<string, number>;
  /** Tags. */
  tags: Record<string, string>;
}

/** MLflow's numeric run states, as the file store writes them. */
export const STATUS_CODES: Readonly<Record<RunStatus, number>> = {
  RUNNING: 1,
  SCHEDULED: 2,
  FINISHED: 3,
  FAILED: 4,
  KILLED: 5,
};

/**
 * Maps a stored status (an integer 1–5 or a name) to its name.
 *
 * @param raw the stored value
 * @returns the status name
 * @throws {SyntaxError} when the value is not a known status
 * @example Usage
 * ```ts
 * import { statusName } from "@chronos-deno/chronos-deno/tracking";
 * if (statusName(3) !== "FINISHED") throw new Error();
 * ```
 */
export function statusName(raw: unknown): RunStatus {
  for (const [name, code] of Object.entries(STATUS_CODES)) {
    if (raw === code || raw === name) return name as RunStatus;
  }
  throw new SyntaxError(`Cannot read run status "${String(raw)}": expected 1–5 or a status name`);
}
