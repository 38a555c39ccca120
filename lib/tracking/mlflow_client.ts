/**
 * The one owner of MLflow HTTP: a small client for the tracking server's REST
 * API (experiments, runs, log-batch, artifacts through the artifact proxy),
 * with Bearer or Basic auth, sent through `lib/net/http.ts`: per-request
 * timeouts, an overall deadline per request, and retries with exponential
 * backoff on 429 and 503 always, and on other 5xx, timeouts and connection
 * errors only for requests that are safe to repeat (all but `runs/create`).
 * Messages never show the token, the password or `user:pass@`.
 *
 * @module
 */

import { MlflowRequestError } from "../errors.ts";
import { clip } from "../net/clip.ts";
import { redactUrl } from "../net/redact.ts";
import { backoff as retryWait, MlflowServerError, sendRequest } from "./_transport.ts";
import { type KeyValue, type RestMetric, splitBatch } from "./_batch.ts";
import {
  type ClientSettings,
  clientSettings,
  type MlflowClientOptions,
} from "./_client_options.ts";
import {
  type RestCreateRun,
  type RestExperiment,
  type RestRun,
  toExperiment,
  toRestDatasets,
  toSummary,
} from "./_rest_types.ts";
import { createRunOnce, logNonFinite } from "./_idempotent.ts";
import type { DatasetInput, EndStatus, MetricPoint, RunSummary } from "./types.ts";
import { restMetricValue } from "./validation.ts";

export type { RestCreateRun, RestExperiment } from "./_rest_types.ts";
export { MlflowServerError } from "./_transport.ts";
export type { MlflowClientOptions } from "./_client_options.ts";
export type { KeyValue } from "./_batch.ts";

/**
 * A client for one MLflow tracking server.
 *
 * @example Usage
 * ```ts
 * import { MlflowClient } from "@chronos-deno/chronos-deno/tracking";
 * const client = new MlflowClient("http://127.0.0.1:5000", { maxRetries: 0 });
 * if (client.baseUrl !== "http://127.0.0.1:5000") throw new Error();
 * ```
 */
export class MlflowClient {
  /** Server URL without a trailing slash (credentials in the given URL are moved to Basic auth). */
  readonly baseUrl: string;
  #s: ClientSettings;
  #shown: string;

  /**
   * Creates a client; nothing is sent until a call.
   *
   * @param uri the server URL (`http(s)://host:port[/prefix]`)
   * @param options transport, auth and retry settings
   * @throws {RangeError} when the URL is not http(s)
   */
  constructor(uri: string, options: MlflowClientOptions = {}) {
    if (!/^https?:\/\//i.test(uri)) {
      throw new RangeError(
        `Cannot use "${clip(redactUrl(uri), 200)}" as an MLflow server: give an http(s):// URL`,
      );
    }
    const m = /^(https?:\/\/)([^/?#@]*)@/i.exec(uri);
    const fromUrl: MlflowClientOptions = {};
    if (m) {
      const [user, pass = ""] = m[2]!.split(":");
      fromUrl.username = decodeURIComponent(user ?? "");
      fromUrl.password = decodeURIComponent(pass);
    }
    this.baseUrl = (m ? `${m[1]}${uri.slice(m[0].length)}` : uri).replace(/\/+$/, "");
    this.#shown = redactUrl(this.baseUrl);
    this.#s = clientSettings({ ...fromUrl, ...options });
  }

  /** Retries after the first try of a request. */
  get maxRetries(): number {
    return this.#s.maxRetries;
  }

  /**
   * Waits as long as the client waits before retry number `attempt`.
   *
   * @param attempt the 0-based try that failed
   */
  async backoff(attempt: number): Promise<void> {
    await this.#s.sleep(retryWait(this.#s, attempt, null));
  }

  /**
   * One quick probe of the server (`GET /health`, no retries): whether
   * anything answers within `timeoutMs`. Any HTTP answer counts, even an
   * error page (older servers have no `/health`); only silence, a refused or
   * a reset connection does not.
   *
   * @param timeoutMs how long to wait @default 3000
   * @returns whether the server answered
   */
  async reachable(timeoutMs = 3000): Promise<boolean> {
    const limit = Math.min(this.#s.timeoutMs, timeoutMs);
    try {
      await sendRequest({ ...this.#s, maxRetries: 0, timeoutMs: limit, deadlineMs: limit }, {
        url: `${this.baseUrl}/health`,
        shown: this.#shown,
        method: "GET",
        endpoint: "/health",
      });
      return true;
    } catch (err) {
      return !(err instanceof MlflowRequestError && err.status === 0);
    }
  }

  /**
   * The same client with the probe's short limits, for the first request of a
   * run: a server that accepts connections and never answers is given up
   * within `probeTimeoutMs`, so the run falls back to the local store at once.
   *
   * @returns a client for one quick request
   */
  probe(): MlflowClient {
    const quick = new MlflowClient(this.baseUrl, { env: () => undefined });
    quick.#s = {
      ...this.#s,
      timeoutMs: Math.min(this.#s.timeoutMs, this.#s.probeTimeoutMs),
      deadlineMs: this.#s.probeTimeoutMs,
    };
    return quick;
  }

  /**
   * Sends one request with retries and returns the parsed JSON answer.
   *
   * @param method HTTP method
   * @param endpoint path under `/api/2.0`, e.g. `/mlflow/runs/create`
   * @param options a JSON body, a query, or raw bytes
   * @returns the parsed answer (`{}` when empty)
   * @throws {MlflowServerError} on an MLflow error answer (after retries for 429/5xx)
   * @throws {MlflowRequestError} when no answer came (status 0) after all retries
   */
  async request(
    method: "GET" | "POST" | "PUT",
    endpoint: string,
    options: {
      json?: unknown;
      query?: Record<string, string>;
      bytes?: Uint8Array;
      idempotent?: boolean;
    } = {},
  ): Promise<unknown> {
    const query = options.query ? `?${new URLSearchParams(options.query)}` : "";
    return await sendRequest(this.#s, {
      url: `${this.baseUrl}/api/2.0${endpoint}${query}`,
      shown: this.#shown,
      method,
      endpoint,
      ...(options.json !== undefined ? { json: options.json } : {}),
      ...(options.bytes !== undefined ? { bytes: options.bytes } : {}),
      ...(options.idempotent !== undefined ? { idempotent: options.idempotent } : {}),
    });
  }

  /**
   * Finds an experiment by name.
   *
   * @param name experiment name
   * @returns the experiment, or undefined when the server has none by that name
   */
  async getExperimentByName(name: string): Promise<RestExperiment | undefined> {
    try {
      const r = await this.request("GET", "/mlflow/experiments/get-by-name", {
        query: { experiment_name: name },
      }) as { experiment: Record<string, unknown> };
      return toExperiment(r.experiment);
    } catch (err) {
      if (err instanceof MlflowServerError && err.errorCode === "RESOURCE_DOES_NOT_EXIST") {
        return undefined;
      }
      throw err;
    }
  }

  /**
   * Gets an active experiment's id, creating it when missing (a concurrent
   * creation, `RESOURCE_ALREADY_EXISTS`, is resolved by reading it again).
   *
   * @param name experiment name
   * @returns its id
   * @throws {RangeError} when the experiment exists but is deleted
   */
  async getOrCreateExperiment(name: string): Promise<string> {
    let exp = await this.getExperimentByName(name);
    if (!exp) {
      try {
        const r = await this.request("POST", "/mlflow/experiments/create", { json: { name } });
        return String((r as { experiment_id: string }).experiment_id);
      } catch (err) {
        if (!(err instanceof MlflowServerError && err.errorCode === "RESOURCE_ALREADY_EXISTS")) {
          throw err;
        }
        exp = await this.getExperimentByName(name);
        if (!exp) throw err;
      }
    }
    if (exp.lifecycleStage !== "active") {
      throw new RangeError(
        `Cannot log to experiment "${name}": it is deleted on "${this.baseUrl}"; restore it ` +
          `("mlflow experiments restore --experiment-id ${exp.id}") or use another name`,
      );
    }
    return exp.id;
  }

  /**
   * Lists the active experiments.
   *
   * @returns every active experiment
   */
  async searchExperiments(): Promise<RestExperiment[]> {
    const out: RestExperiment[] = [];
    let token: string | undefined;
    do {
      const r = await this.request("POST", "/mlflow/experiments/search", {
        json: {
          max_results: 1000,
          view_type: "ACTIVE_ONLY",
          ...(token ? { page_token: token } : {}),
        },
      }) as { experiments?: Record<string, unknown>[]; next_page_token?: string };
      out.push(...(r.experiments ?? []).map(toExperiment));
      token = r.next_page_token || undefined;
    } while (token);
    return out;
  }

  /**
   * Creates a run. It carries a client token tag: when an answer is lost,
   * the experiment is searched for that token before the create is sent
   * again, so that a retry never leaves a second, empty run.
   *
   * @param o experiment, name, start time, user and tags
   * @returns the run's id and artifact URI
   */
  async createRun(o: RestCreateRun): Promise<{ runId: string; artifactUri: string }> {
    return await createRunOnce(this, o);
  }

  /**
   * Records dataset inputs of a run (`runs/log-inputs`).
   *
   * @param runId the run
   * @param inputs the datasets
   */
  async logInputs(runId: string, inputs: readonly DatasetInput[]): Promise<void> {
    if (inputs.length === 0) return;
    await this.request("POST", "/mlflow/runs/log-inputs", {
      json: { run_id: runId, datasets: toRestDatasets(inputs) },
    });
  }

  /**
   * Logs params, tags and metrics, split into as many `log-batch` requests
   * as the server's limits need.
   *
   * @param runId the run
   * @param items what to log (metric values may be NaN/±Infinity)
   */
  async logBatch(
    runId: string,
    items: { params?: KeyValue[]; tags?: KeyValue[]; metrics?: MetricPoint[] },
  ): Promise<void> {
    const rest = (finite: boolean): RestMetric[] =>
      (items.metrics ?? []).filter((m) => Number.isFinite(m.value) === finite).map((m) => ({
        key: m.key,
        value: restMetricValue(m.value),
        timestamp: m.timestamp,
        step: m.step,
      }));
    const params = items.params ?? [];
    const tags = items.tags ?? [];
    for (const batch of splitBatch({ params, tags, metrics: rest(true) })) {
      await this.request("POST", "/mlflow/runs/log-batch", { json: { run_id: runId, ...batch } });
    }
    // A NaN point sent twice is a 400 on the SQL store: these go apart, checked before a retry.
    for (const batch of splitBatch({ metrics: rest(false) })) {
      await logNonFinite(this, runId, batch.metrics);
    }
  }

  /**
   * Ends a run.
   *
   * @param runId the run
   * @param status final state
   * @param endTime epoch ms
   */
  async updateRun(runId: string, status: EndStatus, endTime: number): Promise<void> {
    await this.request("POST", "/mlflow/runs/update", {
      json: { run_id: runId, status, end_time: endTime },
    });
  }

  /**
   * Marks an ended run RUNNING again (a resumed training continues it).
   *
   * @param runId the run
   */
  async reopenRun(runId: string): Promise<void> {
    await this.request("POST", "/mlflow/runs/update", {
      json: { run_id: runId, status: "RUNNING" },
    });
  }

  /**
   * Marks a run deleted (it can be restored until garbage-collected).
   *
   * @param runId the run
   */
  async deleteRun(runId: string): Promise<void> {
    await this.request("POST", "/mlflow/runs/delete", { json: { run_id: runId } });
  }

  /**
   * Reads one run.
   *
   * @param runId the run
   * @param experimentName its experiment's name, copied into the summary
   * @returns the run, or undefined when the server does not know it
   */
  async getRun(runId: string, experimentName = ""): Promise<RunSummary | undefined> {
    try {
      const r = await this.request("GET", "/mlflow/runs/get", { query: { run_id: runId } });
      return toSummary((r as { run: RestRun }).run, experimentName);
    } catch (err) {
      if (err instanceof MlflowServerError && err.errorCode === "RESOURCE_DOES_NOT_EXIST") {
        return undefined;
      }
      throw err;
    }
  }

  /**
   * Searches active runs of experiments (all pages).
   *
   * @param experiments experiment ids mapped to names
   * @param filter an MLflow filter string, e.g. ``tags.`x` = 'y'`` @default ""
   * @returns the runs
   */
  async searchRuns(experiments: Record<string, string>, filter = ""): Promise<RunSummary[]> {
    const out: RunSummary[] = [];
    let token: string | undefined;
    do {
      const r = await this.request("POST", "/mlflow/runs/search", {
        json: {
          experiment_ids: Object.keys(experiments),
          filter,
          max_results: 1000,
          run_view_type: "ACTIVE_ONLY",
          ...(token ? { page_token: token } : {}),
        },
      }) as { runs?: RestRun[]; next_page_token?: string };
      for (const run of r.runs ?? []) {
        out.push(toSummary(run, experiments[String(run.info.experiment_id)] ?? ""));
      }
      token = r.next_page_token || undefined;
    } while (token);
    return out;
  }

  /**
   * Uploads one artifact file through the server's artifact proxy.
   *
   * @param artifactUri the run's `artifact_uri` (must be `mlflow-artifacts:`)
   * @param relPath path inside the run's artifacts
   * @param bytes the content
   * @throws {RangeError} when the run's artifacts are not proxied by the server
   */
  async uploadArtifact(artifactUri: string, relPath: string, bytes: Uint8Array): Promise<void> {
    const m = /^mlflow-artifacts:(?:\/\/[^/]*)?\/*(.*)$/.exec(artifactUri);
    if (!m) {
      throw new RangeError(
        `Cannot upload artifacts to "${artifactUri}": this client only uploads through the ` +
          `server's artifact proxy; start the server with --serve-artifacts (the default)`,
      );
    }
    const path = [...m[1]!.split("/"), ...relPath.split("/")].filter((s) => s !== "")
      .map(encodeURIComponent).join("/");
    await this.request("PUT", `/mlflow-artifacts/artifacts/${path}`, { bytes });
  }
}
