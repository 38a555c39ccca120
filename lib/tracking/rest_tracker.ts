/**
 * The tracker for an MLflow tracking server (`MLFLOW_TRACKING_URI=http(s)://…`).
 * Runs that cannot start on the server, or whose server fails mid-run,
 * continue in a local file store (see `fallback.ts`).
 *
 * @module
 */

import { MlflowRequestError } from "../errors.ts";
import { currentSource, currentUser, generateRunName } from "./_run_info.ts";
import { FallbackRun } from "./fallback.ts";
import { FileStore } from "./file_store.ts";
import { MlflowClient, type MlflowClientOptions } from "./mlflow_client.ts";
import type { ResumeRunOptions, StartRunOptions, TrackedRun, Tracker } from "./types.ts";
import { tagValue, validateKey } from "./validation.ts";

/** Options of {@linkcode RestTracker}. */
export interface RestTrackerOptions extends MlflowClientOptions {
  /** Local store used when the server fails. @default "./mlruns" */
  fallbackDir?: string;
  /** Clock in epoch ms. @default Date.now */
  now?: () => number;
  /** User recorded with each run. @default $USER, else "unknown" */
  user?: string;
  /** Source recorded in `mlflow.source.name`. @default the entry-point file */
  sourceName?: string;
  /** Limit of the health probe before a run's first write, in ms (0: no probe). @default 3000 */
  healthTimeoutMs?: number;
}

/**
 * A tracker that logs to an MLflow server and falls back to a local store.
 *
 * @example Usage
 * ```ts
 * import { RestTracker } from "@chronos-deno/chronos-deno/tracking";
 * const tracker = new RestTracker("http://127.0.0.1:5000");
 * if (tracker.kind !== "rest") throw new Error();
 * ```
 */
export class RestTracker implements Tracker {
  /** Always "rest". */
  readonly kind = "rest" as const;
  /** The server URL. */
  readonly uri: string;
  /** The REST client. */
  readonly client: MlflowClient;
  /** The local store used after a failure. */
  readonly local: FileStore;
  #options: RestTrackerOptions;
  #now: () => number;

  /**
   * Creates a tracker for a server; nothing is sent until a run starts.
   *
   * @param uri the server URL
   * @param options client, fallback and identity options
   */
  constructor(uri: string, options: RestTrackerOptions = {}) {
    this.client = new MlflowClient(uri, options);
    this.uri = this.client.baseUrl;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.local = new FileStore(options.fallbackDir ?? "./mlruns", {
      now: this.#now,
      ...(options.user !== undefined ? { user: options.user } : {}),
      ...(options.sourceName !== undefined ? { sourceName: options.sourceName } : {}),
    });
  }

  /**
   * Starts a run on the server, or in the local store with a warning when
   * the server cannot be used.
   *
   * @param options experiment, run name, tags
   * @returns the run
   */
  async startRun(options: StartRunOptions): Promise<TrackedRun> {
    if (typeof options.experiment !== "string" || options.experiment.trim() === "") {
      throw new RangeError("Cannot use an empty experiment name: give the experiment a name");
    }
    const userId = this.#options.user ?? currentUser();
    const runName = options.runName ?? options.tags?.["mlflow.runName"] ?? generateRunName();
    const tags: Record<string, string> = {
      "mlflow.user": userId,
      "mlflow.source.name": this.#options.sourceName ?? currentSource(),
      "mlflow.source.type": "LOCAL",
      ...options.tags,
      "mlflow.runName": runName,
    };
    for (const [k, v] of Object.entries(tags)) {
      validateKey("tag", k);
      tagValue(k, v);
    }
    const startTime = options.startTime ?? this.#now();
    const init = {
      client: this.client,
      local: this.local,
      experimentName: options.experiment,
      runName,
      startTime,
      userId,
      tags,
      now: this.#now,
      onWarning: this.#options.onWarning ?? (() => {}),
    };
    try {
      await this.#probe();
      // The first request is the probe: a server that hangs is given up quickly, like one that refuses.
      const experimentId = await this.client.probe().getOrCreateExperiment(options.experiment);
      const r = await this.client.createRun({ experimentId, runName, startTime, userId, tags });
      return await FallbackRun.start({ ...init, remote: { ...r, experimentId } });
    } catch (err) {
      if (!(err instanceof MlflowRequestError)) throw err;
      return await FallbackRun.start({ ...init, startError: err });
    }
  }

  /** One quick health probe before a run's first write: a server that is down is given up at once. */
  async #probe(): Promise<void> {
    const ms = this.#options.healthTimeoutMs ?? 3000;
    if (ms <= 0 || await this.client.reachable(ms)) return;
    throw new MlflowRequestError(
      "/health",
      0,
      `Cannot reach the MLflow server "${this.uri}": no answer to a health probe within ${
        ms / 1000
      } s`,
    );
  }

  /**
   * Continues a run on the server (a resumed training): RUNNING again, then
   * logged like a new one, falling back to the local store on failure.
   *
   * @param options the run id and its experiment's name
   * @returns the run
   * @throws {RangeError} when the server has no such run
   */
  async resumeRun(options: ResumeRunOptions): Promise<TrackedRun> {
    const init = {
      client: this.client,
      local: this.local,
      experimentName: options.experiment,
      runName: options.runId,
      startTime: this.#now(),
      userId: this.#options.user ?? currentUser(),
      tags: {},
      now: this.#now,
      onWarning: this.#options.onWarning ?? (() => {}),
    };
    try {
      await this.#probe();
      const run = await this.client.probe().getRun(options.runId, options.experiment);
      if (!run) {
        throw new RangeError(
          `Cannot resume run "${options.runId}": the MLflow server "${this.uri}" has no such ` +
            `run; start a new run instead`,
        );
      }
      await this.client.reopenRun(options.runId);
      return await FallbackRun.start({
        ...init,
        runName: run.runName,
        startTime: run.startTime,
        userId: run.userId,
        tags: { ...run.tags, "mlflow.runName": run.runName },
        params: run.params,
        remote: { runId: run.runId, experimentId: run.experimentId, artifactUri: run.artifactUri },
      });
    } catch (err) {
      if (!(err instanceof MlflowRequestError)) throw err;
      return await FallbackRun.start({ ...init, startError: err });
    }
  }
}
