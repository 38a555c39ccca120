/**
 * A run logged to an MLflow server that is never lost: everything it logs is
 * journaled, and when the server cannot be reached or fails (after the
 * client's retries), the run continues in the local file store, with the
 * journal replayed there first and a warning that says where it went and how
 * to push it later.
 *
 * @module
 */

import { MlflowRequestError } from "../errors.ts";
import type { FileRunInfo, FileStore } from "./file_store.ts";
import { artifactFiles, checkArtifactPath, putArtifact } from "./_artifacts.ts";
import type { MlflowClient } from "./mlflow_client.ts";
import { redactUrl } from "../net/redact.ts";
import type {
  DatasetInput,
  EndStatus,
  LogMetricsOptions,
  MetricPoint,
  StoreKind,
  TrackedRun,
} from "./types.ts";
import { paramValue, tagValue, validateKey, validateMetric } from "./validation.ts";
import { basename } from "node:path";

/** Tag on a local run that fell back: the server it was meant for. */
export const FALLBACK_URI_TAG = "chronos.fallback.uri";
/** Tag on a local run that fell back mid-run: the partial run left on the server. */
export const FALLBACK_REMOTE_RUN_TAG = "chronos.fallback.remote_run_id";

/** Where a fallback run starts. */
export interface FallbackRunInit {
  /** The server's client. */
  client: MlflowClient;
  /** The local store used after a failure. */
  local: FileStore;
  /** Experiment name. */
  experimentName: string;
  /** Run name. */
  runName: string;
  /** Start, epoch ms. */
  startTime: number;
  /** User id. */
  userId: string;
  /** Tags given at creation. */
  tags: Record<string, string>;
  /** Params the run already has (a resumed run), replayed if it falls back. @default {} */
  params?: Record<string, string>;
  /** Clock. */
  now: () => number;
  /** Receives the fallback warning. */
  onWarning: (message: string) => void;
  /** The remote run, when it was created; absent when the server failed at once. */
  remote?: { runId: string; experimentId: string; artifactUri: string };
  /** The error that made the run start locally (when `remote` is absent). */
  startError?: MlflowRequestError;
}

interface Journal {
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: MetricPoint[];
  inputs: DatasetInput[];
  artifacts: { localPath: string; artifactPath: string }[];
}

/**
 * A {@linkcode TrackedRun} on a server, continuing locally when the server fails.
 * Create it with {@linkcode FallbackRun.start}.
 */
export class FallbackRun implements TrackedRun {
  readonly experimentName: string;
  #init: FallbackRunInit;
  #journal: Journal = { params: {}, tags: {}, metrics: [], inputs: [], artifacts: [] };
  #local: FileRunInfo | undefined;

  private constructor(init: FallbackRunInit) {
    this.#init = init;
    this.experimentName = init.experimentName;
    this.#journal.tags = { ...init.tags };
    this.#journal.params = { ...init.params };
  }

  /**
   * Starts the run: remotely when `init.remote` is set, else locally at once.
   *
   * @param init where and how the run starts
   * @returns the run
   */
  static async start(init: FallbackRunInit): Promise<FallbackRun> {
    const run = new FallbackRun(init);
    if (!init.remote) await run.#switch(init.startError!);
    return run;
  }

  /** The run id in the store written to now. */
  get runId(): string {
    return this.#local?.runId ?? this.#init.remote!.runId;
  }

  /** The experiment id in the store written to now. */
  get experimentId(): string {
    return this.#local?.experimentId ?? this.#init.remote!.experimentId;
  }

  /** "rest" until a failure, then "file". */
  get store(): StoreKind {
    return this.#local ? "file" : "rest";
  }

  #switching: Promise<void> | undefined;

  #switch(err: MlflowRequestError): Promise<void> {
    this.#switching ??= this.#moveToLocal(err);
    return this.#switching;
  }

  async #moveToLocal(err: MlflowRequestError): Promise<void> {
    const { local, remote, client } = this.#init;
    const j = this.#journal;
    const tags: Record<string, string> = {
      ...j.tags,
      [FALLBACK_URI_TAG]: redactUrl(client.baseUrl),
    };
    if (remote) tags[FALLBACK_REMOTE_RUN_TAG] = remote.runId;
    const experimentId = await local.getOrCreateExperiment(this.experimentName);
    const info = await local.createRun(experimentId, {
      experiment: this.experimentName,
      runName: this.#init.runName,
      startTime: this.#init.startTime,
      userId: this.#init.userId,
      tags,
    });
    await local.logBatch(info, { params: j.params, metrics: j.metrics });
    await local.logInputs(info, j.inputs);
    this.#local = info;
    const lost: string[] = [];
    for (const a of j.artifacts) {
      try {
        await local.logArtifact(info, a.localPath, a.artifactPath);
      } catch {
        lost.push(a.localPath);
      }
    }
    const where = remote ? `failed during run "${remote.runId}"` : "could not be used";
    const shown = redactUrl(client.baseUrl);
    this.#init.onWarning(
      `MLflow server "${shown}" ${where}: ${err.message}; the run continues in the ` +
        `local store "${local.uri}" as run "${info.runId}"; push it later with ` +
        `"deno task runs push --run ${info.runId} --uri ${shown}"` +
        (lost.length ? `; these artifacts could not be copied: ${lost.join(", ")}` : ""),
    );
  }

  /** Runs `remote` on the server, or `local` once the run has fallen back. */
  async #do(
    remote: () => Promise<void>,
    local: (info: FileRunInfo) => Promise<void>,
  ): Promise<void> {
    if (this.#switching) await this.#switching.catch(() => {});
    if (!this.#local) {
      try {
        return await remote();
      } catch (err) {
        if (!(err instanceof MlflowRequestError)) throw err;
        // The journal already holds this call's data: switching replays it.
        return await this.#switch(err);
      }
    }
    await local(this.#local);
  }

  async logParams(params: Record<string, string | number | boolean>): Promise<void> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(params)) {
      validateKey("param", k);
      out[k] = paramValue(k, v);
      const old = this.#journal.params[k];
      if (old !== undefined && old !== out[k]) {
        throw new RangeError(
          `Cannot change param "${k}" of run "${this.runId}" from "${old}" to "${out[k]}": ` +
            `params are immutable, log the new value under another key`,
        );
      }
    }
    Object.assign(this.#journal.params, out);
    const kv = Object.entries(out).map(([key, value]) => ({ key, value }));
    await this.#do(
      () => this.#init.client.logBatch(this.#init.remote!.runId, { params: kv }),
      (info) => this.#init.local.logBatch(info, { params: out }),
    );
  }

  async logMetrics(
    metrics: Record<string, number>,
    step = 0,
    options: LogMetricsOptions = {},
  ): Promise<void> {
    const timestamp = options.timestamp ?? this.#init.now();
    await this.logMetricPoints(
      Object.entries(metrics).map(([key, value]) => ({ key, value, timestamp, step })),
    );
  }

  async logMetricPoints(metricPoints: readonly MetricPoint[]): Promise<void> {
    for (const p of metricPoints) {
      validateKey("metric", p.key);
      validateMetric(p.key, p.value, p.step, p.timestamp);
    }
    const points = [...metricPoints];
    this.#journal.metrics.push(...points);
    await this.#do(
      () => this.#init.client.logBatch(this.#init.remote!.runId, { metrics: points }),
      (info) => this.#init.local.logBatch(info, { metrics: points }),
    );
  }

  async logInputs(inputs: readonly DatasetInput[]): Promise<void> {
    this.#journal.inputs.push(...inputs);
    await this.#do(
      () => this.#init.client.logInputs(this.#init.remote!.runId, inputs),
      (info) => this.#init.local.logInputs(info, inputs),
    );
  }

  async setTags(tags: Record<string, string>): Promise<void> {
    for (const [k, v] of Object.entries(tags)) {
      validateKey("tag", k);
      tagValue(k, v);
    }
    Object.assign(this.#journal.tags, tags);
    const kv = Object.entries(tags).map(([key, value]) => ({ key, value }));
    await this.#do(
      () => this.#init.client.logBatch(this.#init.remote!.runId, { tags: kv }),
      (info) => this.#init.local.logBatch(info, { tags }),
    );
  }

  async logArtifact(localPath: string, artifactPath = ""): Promise<void> {
    const dir = checkArtifactPath(artifactPath);
    const name = basename(localPath);
    const pairs = await artifactFiles(localPath, dir === "" ? name : `${dir}/${name}`);
    this.#journal.artifacts.push({ localPath, artifactPath });
    await this.#do(
      async () => {
        const { client, remote } = this.#init;
        for (const [from, rel] of pairs) await putArtifact(client, remote!.artifactUri, rel, from);
      },
      (info) => this.#init.local.logArtifact(info, localPath, artifactPath),
    );
  }

  async end(status: EndStatus = "FINISHED"): Promise<void> {
    const endTime = this.#init.now();
    await this.#do(
      () => this.#init.client.updateRun(this.#init.remote!.runId, status, endTime),
      () => Promise.resolve(),
    );
    // Locally (from the start, or after the update itself failed and the run moved).
    if (this.#local) await this.#init.local.updateRun(this.#local, status, endTime);
  }
}
