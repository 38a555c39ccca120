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
import type { EndStatus, MetricPoint, RunSummary } from "./types.ts";
import { statusName } from "./types.ts";
import { parseMetricValue, restMetricValue } from "./validation.ts";

/** The server answered with an MLflow error code (e.g. `RESOURCE_ALREADY_EXISTS`). */
export class MlflowServerError extends MlflowRequestError {
  /** MLflow's `error_code`. */
  readonly errorCode: string;
  /**
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

/** Options of {@linkcode MlflowClient}. */
export interface MlflowClientOptions {
  /** The fetch to use (tests inject one). @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Waits between retries (tests inject one). @default setTimeout-based */
  sleep?: (ms: number) => Promise<void>;
  /** Reads environment variables. @default Deno.env.get (undefined without permission) */
  env?: (name: string) => string | undefined;
  /** Bearer token. @default env MLFLOW_TRACKING_TOKEN */
  token?: string;
  /** Basic-auth user. @default env MLFLOW_TRACKING_USERNAME */
  username?: string;
  /** Basic-auth password. @default env MLFLOW_TRACKING_PASSWORD */
  password?: string;
  /** Per-request timeout in ms. @default env MLFLOW_HTTP_REQUEST_TIMEOUT (s) × 1000, else 120000 */
  timeoutMs?: number;
  /** Retries after the first try. @default env MLFLOW_HTTP_REQUEST_MAX_RETRIES, else 5 */
  maxRetries?: number;
  /** First wait before a retry, doubled each time. @default 500 */
  backoffMs?: number;
  /** Longest wait between retries. @default 16000 */
  maxBackoffMs?: number;
  /** Random source for jitter in [0, 1). @default Math.random */
  random?: () => number;
  /** Receives warnings (e.g. unsupported TLS settings). */
  onWarning?: (message: string) => void;
}

/** An experiment as the server describes it. */
export interface RestExperiment {
  /** Id. */
  id: string;
  /** Name. */
  name: string;
  /** "active" or "deleted". */
  lifecycleStage: string;
  /** Artifact root. */
  artifactLocation: string;
}

/** Options of {@linkcode MlflowClient.createRun}. */
export interface RestCreateRun {
  /** Experiment id. */
  experimentId: string;
  /** Run name. */
  runName: string;
  /** Start, epoch ms (without it the server stores 0). */
  startTime: number;
  /** User id (without it the server stores ""). */
  userId: string;
  /** Tags. */
  tags: Record<string, string>;
}

function defaultEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

function num(v: string | undefined): number | undefined {
  return v === undefined || v.trim() === "" || !Number.isFinite(Number(v)) ? undefined : Number(v);
}

/** Parses JSON that may carry bare `NaN`/`Infinity` tokens (Python's json writes them). */
function parseLenient(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(text.replace(/([:\[,]\s*)(-?Infinity|NaN)(?=\s*[,}\]])/g, '$1"$2"'));
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
  #fetch: typeof fetch;
  #sleep: (ms: number) => Promise<void>;
  #auth: string | undefined;
  #timeoutMs: number;
  #maxRetries: number;
  #backoffMs: number;
  #maxBackoffMs: number;
  #random: () => number;

  /**
   * @param uri the server URL (`http(s)://host:port[/prefix]`)
   * @param options transport, auth and retry settings
   * @throws {RangeError} when the URL is not http(s)
   */
  constructor(uri: string, options: MlflowClientOptions = {}) {
    if (!/^https?:\/\//i.test(uri)) {
      throw new RangeError(`Cannot use "${uri}" as an MLflow server: give an http(s):// URL`);
    }
    const env = options.env ?? defaultEnv;
    this.baseUrl = uri.replace(/\/+$/, "");
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    const token = options.token ?? env("MLFLOW_TRACKING_TOKEN");
    const user = options.username ?? env("MLFLOW_TRACKING_USERNAME");
    const pass = options.password ?? env("MLFLOW_TRACKING_PASSWORD");
    if (token) this.#auth = `Bearer ${token}`;
    else if (user !== undefined && pass !== undefined) {
      this.#auth = `Basic ${btoa(`${user}:${pass}`)}`;
    }
    this.#timeoutMs = options.timeoutMs ??
      (num(env("MLFLOW_HTTP_REQUEST_TIMEOUT")) ?? 120) * 1000;
    this.#maxRetries = options.maxRetries ?? num(env("MLFLOW_HTTP_REQUEST_MAX_RETRIES")) ?? 5;
    this.#backoffMs = options.backoffMs ?? 500;
    this.#maxBackoffMs = options.maxBackoffMs ?? 16_000;
    this.#random = options.random ?? Math.random;
    if (/^(true|1)$/i.test(env("MLFLOW_TRACKING_INSECURE_TLS") ?? "")) {
      options.onWarning?.(
        "MLFLOW_TRACKING_INSECURE_TLS is not supported by this client: run Deno with " +
          "--unsafely-ignore-certificate-errors=<host> or add the server's CA with DENO_CERT",
      );
    }
  }

  #delay(attempt: number, retryAfter: string | null): number {
    const after = num(retryAfter ?? undefined);
    const base = after !== undefined
      ? after * 1000
      : this.#backoffMs * 2 ** attempt * (1 + 0.25 * this.#random());
    return Math.min(base, this.#maxBackoffMs);
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
    if (this.#auth) headers.Authorization = this.#auth;
    let body: BodyInit | undefined;
    if (options.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(options.json);
    } else if (options.bytes !== undefined) {
      headers["Content-Type"] = "application/octet-stream";
      body = options.bytes as Uint8Array<ArrayBuffer>;
    }
    for (let attempt = 0;; attempt++) {
      const last = attempt >= this.#maxRetries;
      let res: Response;
      let text: string;
      try {
        const signal = AbortSignal.timeout(this.#timeoutMs);
        res = await this.#fetch(url, { method, headers, body: body ?? null, signal });
        text = await res.text();
      } catch (err) {
        if (!last) {
          await this.#sleep(this.#delay(attempt, null));
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
        await this.#sleep(this.#delay(attempt, res.headers.get("Retry-After")));
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

interface RestRun {
  info: Record<string, unknown> & { experiment_id: string | number };
  data?: {
    metrics?: { key: string; value: unknown; step?: number | string }[];
    params?: KeyValue[];
    tags?: KeyValue[];
  };
}

function toExperiment(e: Record<string, unknown>): RestExperiment {
  return {
    id: String(e.experiment_id),
    name: String(e.name ?? ""),
    lifecycleStage: String(e.lifecycle_stage ?? "active"),
    artifactLocation: String(e.artifact_location ?? ""),
  };
}

function toSummary(run: RestRun, experimentName: string): RunSummary {
  const i = run.info;
  const kv = (a: KeyValue[] | undefined) =>
    Object.fromEntries((a ?? []).map((p) => [p.key, p.value]));
  const metrics: Record<string, number> = {};
  for (const m of run.data?.metrics ?? []) metrics[m.key] = parseMetricValue(m.value);
  return {
    runId: String(i.run_id ?? i.run_uuid),
    runName: String(i.run_name ?? ""),
    experimentId: String(i.experiment_id),
    experimentName,
    status: statusName(i.status ?? "RUNNING"),
    startTime: Number(i.start_time ?? 0),
    endTime: i.end_time === undefined || i.end_time === null ? null : Number(i.end_time),
    userId: String(i.user_id ?? ""),
    artifactUri: String(i.artifact_uri ?? ""),
    params: kv(run.data?.params),
    metrics,
    tags: kv(run.data?.tags),
  };
}
