/**
 * A run of the local file store, as `FileStore.startRun` returns it.
 *
 * @module
 */

import type {
  DatasetInput,
  EndStatus,
  LogMetricsOptions,
  MetricPoint,
  TrackedRun,
} from "./types.ts";
import { paramValue, tagValue, validateKey, validateMetric } from "./validation.ts";

/** A run folder created by the file store's `createRun`. */
export interface FileRunInfo {
  /** Run id. */
  runId: string;
  /** Experiment id. */
  experimentId: string;
  /** The run folder. */
  dir: string;
}

/** The three kinds of data a batch carries, already validated and as strings. */
export interface FileBatch {
  /** Params as strings. */
  params?: Record<string, string>;
  /** Tags. */
  tags?: Record<string, string>;
  /** Metric values with time and step. */
  metrics?: MetricPoint[];
}

/** What a run needs of its store (the file store is one): the writes of a run folder. */
interface RunFolderWriter {
  logBatch(run: FileRunInfo, batch: FileBatch): Promise<void>;
  logInputs(run: FileRunInfo, inputs: readonly DatasetInput[]): Promise<void>;
  logArtifact(run: FileRunInfo, localPath: string, artifactPath?: string): Promise<void>;
  updateRun(run: FileRunInfo, status: EndStatus): Promise<void>;
}

/** A {@linkcode TrackedRun} writing to a run folder of the file store. */
export class FileRun implements TrackedRun {
  readonly store = "file" as const;
  readonly experimentName: string;
  #store: RunFolderWriter;
  #info: FileRunInfo;
  #now: () => number;

  constructor(
    store: RunFolderWriter,
    info: FileRunInfo,
    experimentName: string,
    now: () => number,
  ) {
    this.#store = store;
    this.#info = info;
    this.experimentName = experimentName;
    this.#now = now;
  }

  get runId(): string {
    return this.#info.runId;
  }

  get experimentId(): string {
    return this.#info.experimentId;
  }

  async logParams(params: Record<string, string | number | boolean>): Promise<void> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(params)) {
      validateKey("param", k);
      out[k] = paramValue(k, v);
    }
    await this.#store.logBatch(this.#info, { params: out });
  }

  async logMetrics(
    metrics: Record<string, number>,
    step = 0,
    options: LogMetricsOptions = {},
  ): Promise<void> {
    const timestamp = options.timestamp ?? this.#now();
    const points = Object.entries(metrics).map(([key, value]) => {
      validateKey("metric", key);
      validateMetric(key, value, step, timestamp);
      return { key, value, timestamp, step };
    });
    await this.#store.logBatch(this.#info, { metrics: points });
  }

  async logMetricPoints(points: readonly MetricPoint[]): Promise<void> {
    for (const p of points) {
      validateKey("metric", p.key);
      validateMetric(p.key, p.value, p.step, p.timestamp);
    }
    await this.#store.logBatch(this.#info, { metrics: [...points] });
  }

  logInputs(inputs: readonly DatasetInput[]): Promise<void> {
    return this.#store.logInputs(this.#info, inputs);
  }

  async setTags(tags: Record<string, string>): Promise<void> {
    for (const [k, v] of Object.entries(tags)) {
      validateKey("tag", k);
      tagValue(k, v);
    }
    await this.#store.logBatch(this.#info, { tags });
  }

  logArtifact(localPath: string, artifactPath?: string): Promise<void> {
    return this.#store.logArtifact(this.#info, localPath, artifactPath);
  }

  end(status: EndStatus = "FINISHED"): Promise<void> {
    return this.#store.updateRun(this.#info, status);
  }
}
