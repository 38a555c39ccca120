/**
 * The one owner of MLflow HTTP: a small client for the tracking server's REST
 * API (experiments, runs, log-batch, artifacts through the artifact proxy),
 * with Bearer or Basic auth, per-request timeouts, and retries with
 * exponential backoff on 429, 5xx and connection errors.
 *
 * @module
 */

import { MlflowRequestError } from "../errors.ts";
import { type KeyValue, type RestMetric, splitBatch } from "./_batch.ts";
import {
  type ClientSettings,
  clientSettings,
  type MlflowClientOptions,
  toNumber,
} from "./_client_options.ts";
import {
  parseLenient,
  type RestCreateRun,
  type RestExperiment,
  type RestRun,
  toExperiment,
  toSummary,
} from "./_rest_types.ts";
import type { EndStatus, MetricPoint, RunSummary } from "./types.ts";
import { restMetricValue } from "./validation.ts";

export type { RestCreateRun, RestExperiment } from "./_rest_types.ts";
export type { MlflowClientOptions } from "./_client_options.ts";
export type { KeyValue } from "./_batch.ts";

/** The server answered with an MLflow error code (e.g. `RESOURCE_ALREADY_EXISTS`). */
export class MlflowServerError extends MlflowRequestError {
  /** MLflow's `error_code`. */
  readonly errorCode: string;
  /**
   * Creates the error for an MLflow error answer.
   *
   * @param endpoint the REST endpoint
   * @param status HTTP status
   * @param errorCode MLflow's error code
   * @param message the message
   */
  constructor(endpoint: string, status: number, errorCode: string, message: string) {
    super(endpoint, status, message);
    this.name = "MlflowServerError";
    this.errorCode = errorCode;
  }
}

/**
 * A client for one MLflow tracking server.
 *
 * @example Usage
 * ```ts
 * import { MlflowClient } from "./mlflow_client.ts";
 * const client = new MlflowClient("http://127.0.0.1:5000", { maxRetries: 0 });
 * if (client.baseUrl !== "http://127.0.0.1:5000") throw new Error();
 * ```
 */
export class MlflowClient {
  /** Server URL without a trailing slash. */
  readonly baseUrl: string;
  #s: ClientSettings;

  /**
   * Creates a client; nothing is sent until a call.
   *
   * @param uri the server URL (`http(s)://host:port[/prefix]`)
   * @param options transport, auth and retry settings
   * @throws {RangeError} when the URL is not http(s)
   */
  constructor(uri: string, options: MlflowClientOptions = {}) {
    if (!/^https?:\/\//i.test(uri)) {
      throw new RangeError(`Cannot use "${uri}" as an MLflow server: give an http(s):// URL`);
    }
    this.baseUrl = uri.replace(/\/+$/, "");
    this.#s = clientSettings(options);
  }

  #delay(attempt: number, retryAfter: string | null): number {
    const after = toNumber(retryAfter);
    const base = after !== undefined
      ? after * 1000
      : this.#s.backoffMs * 2 ** attempt * (1 + 0.25 * this.#s.random());
    return Math.min(base, this.#s.maxBackoffMs);
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
    options: { json?: unknown; query?: Record<string, string>; bytes?: Uint8Array } = {},
  ): Promise<unknown> {
    const query = options.query ? `?${new URLSearchParams(options.query)}` : "";
    const url = `${this.baseUrl}/api/2.0${endpoint}${query}`;
    const headers: Record<string, string> = { "User-Agent": "chronos-deno" };
    if (this.#s.auth) headers.Authorization = this.#s.auth;
    let body: BodyInit | undefined;
    if (options.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(options.json);
    } else if (options.bytes !== undefined) {
      headers["Content-Type"] = "application/octet-stream";
      body = options.bytes as Uint8Array<ArrayBuffer>;
    }
    for (let attempt = 0;; attempt++) {
      const last = attempt >= this.#s.maxRetries;
      let res: Response;
      let text: string;
      try {
        const signal = AbortSignal.timeout(this.#s.timeoutMs);
        res = await this.#s.fetch(url, { method, headers, body: body ?? null, signal });
        text = await res.text();
      } catch (err) {
        if (!last) {
          await this.#s.sleep(this.#delay(attempt, null));
          continue;
        }
        const why = err instanceof Error ? err.message : String(err);
        throw new MlflowRequestError(
          endpoint,
          0,
          `Cannot reach the MLflow server "${this.baseUrl}" (${method} ${endpoint}) after ` +
            `${attempt + 1} tries: ${why}`,
          { cause: err },
        );
      }
      if (res.ok) return parseLenient(text);
      if ((res.status === 429 || res.status >= 500) && !last) {
        await this.#s.sleep(this.#delay(attempt, res.headers.get("Retry-After")));
        continue;
      }
      let code = `HTTP_${res.status}`;
      let msg = text.slice(0, 300);
      try {
        const j = JSON.parse(text) as { error_code?: string; message?: string };
        code = j.error_code ?? code;
        msg = j.message ?? msg;
      } catch { /* not JSON */ }
      const hint = res.status === 401 || res.status === 403
        ? "; check MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD"
        : "";
      throw new MlflowServerError(
        endpoint,
        res.status,
        code,
        `MLflow server "${this.baseUrl}" refused ${method} ${endpoint}: ${res.status} ${code}: ${msg}${hint}`,
      );
    }
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
   * Creates a run.
   *
   * @param o experiment, name, start time, user and tags
   * @returns the run's id and artifact URI
   */
  async createRun(o: RestCreateRun): Promise<{ runId: string; artifactUri: string }> {
    const r = await this.request("POST", "/mlflow/runs/create", {
      json: {
        experiment_id: o.experimentId,
        run_name: o.runName,
        start_time: o.startTime,
        user_id: o.userId,
        tags: Object.entries(o.tags).map(([key, value]) => ({ key, value })),
      },
    }) as { run: { info: { run_id: string; artifact_uri: string } } };
    return { runId: r.run.info.run_id, artifactUri: r.run.info.artifact_uri };
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
    const metrics: RestMetric[] = (items.metrics ?? []).map((m) => ({
      key: m.key,
      value: restMetricValue(m.value),
      timestamp: m.timestamp,
      step: m.step,
    }));
    const params = items.params ?? [];
    const tags = items.tags ?? [];
    for (const batch of splitBatch({ params, tags, metrics })) {
      await this.request("POST", "/mlflow/runs/log-batch", { json: { run_id: runId, ...batch } });
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
