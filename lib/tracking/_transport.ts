/**
 * How the MLflow client sends one request: through `lib/net/http.ts`, with
 * the client's retry policy (429 and 503 always; other 5xx, timeouts and
 * connection errors only for requests safe to repeat), an overall deadline,
 * and error messages with secrets redacted and server text cut.
 *
 * @module
 */

import { MlflowRequestError } from "../errors.ts";
import { clip } from "../net/clip.ts";
import { HttpError, httpRequest } from "../net/http.ts";
import { redactSecrets } from "../net/redact.ts";
import { type ClientSettings, toNumber } from "./_client_options.ts";
import { parseLenient } from "./_rest_types.ts";

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
   * @example Usage
   * ```ts
   * import { MlflowServerError } from "@chronos-deno/chronos-deno/tracking";
   * import assert from "node:assert/strict";
   * const e = new MlflowServerError("/api/2.0/mlflow/experiments/create", 400, "RESOURCE_ALREADY_EXISTS", "Experiment exists");
   * assert.equal(e.errorCode, "RESOURCE_ALREADY_EXISTS");
   * ```
   */
  constructor(endpoint: string, status: number, errorCode: string, message: string) {
    super(endpoint, status, message);
    this.name = "MlflowServerError";
    this.errorCode = errorCode;
  }
}

/** Requests that must not be repeated after a timeout or a 500 (a second run would be created). */
const NOT_IDEMPOTENT = new Set(["/mlflow/runs/create"]);

/** One request of the client. */
export interface MlflowRequest {
  /** Full URL. */
  url: string;
  /** The server URL as shown in messages. */
  shown: string;
  /** Method. */
  method: "GET" | "POST" | "PUT";
  /** Path under `/api/2.0`. */
  endpoint: string;
  /** JSON body. */
  json?: unknown;
  /** Raw body. */
  bytes?: Uint8Array;
  /** Whether repeating it is harmless. @default true except for `runs/create` */
  idempotent?: boolean;
}

/**
 * The wait before retry number `attempt` (0-based): `Retry-After` when the
 * server sent one, else exponential with up to 25 % jitter, capped.
 *
 * @param s the client's settings
 * @param attempt the try that failed
 * @param retryAfter the server's `Retry-After` header
 * @returns milliseconds
 */
export function backoff(s: ClientSettings, attempt: number, retryAfter: string | null): number {
  const after = toNumber(retryAfter);
  const base = after !== undefined
    ? after * 1000
    : s.backoffMs * 2 ** attempt * (1 + 0.25 * s.random());
  return Math.min(base, s.maxBackoffMs);
}

/**
 * Sends one request with retries and returns the parsed JSON answer.
 *
 * @param s the client's settings
 * @param r the request
 * @returns the parsed answer (`{}` when empty)
 * @throws {MlflowServerError} on an MLflow error answer (after retries where they apply)
 * @throws {MlflowRequestError} when no answer came (status 0) after all retries
 */
export async function sendRequest(s: ClientSettings, r: MlflowRequest): Promise<unknown> {
  const { method, endpoint, url } = r;
  const headers: Record<string, string> = { "User-Agent": "chronos-deno" };
  if (s.auth) headers.Authorization = s.auth;
  let body: Uint8Array | string | null = null;
  if (r.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(r.json);
  } else if (r.bytes !== undefined) {
    headers["Content-Type"] = "application/octet-stream";
    body = r.bytes;
  }
  const safe = r.idempotent ?? !NOT_IDEMPOTENT.has(endpoint);
  const deadline = Date.now() + s.deadlineMs;
  const secrets = s.secrets;
  for (let attempt = 0;; attempt++) {
    const left = deadline - Date.now();
    const more = (delay: number) => attempt < s.maxRetries && Date.now() + delay < deadline;
    let status: number;
    let text: string;
    let retryAfter: string | null = null;
    try {
      const res = await httpRequest(url, {
        method,
        headers,
        body,
        timeoutMs: Math.max(1, Math.min(s.timeoutMs, left)),
        idleTimeoutMs: s.timeoutMs,
        deadlineMs: Math.max(1, left),
        retries: 0,
        secrets,
        ...(s.fetch ? { fetch: s.fetch } : {}),
      });
      status = res.status;
      retryAfter = res.headers.get("Retry-After");
      // An error answer is read up to 64 KB: enough for MLflow's JSON, not a whole error page.
      text = status >= 200 && status < 300 ? await res.text() : await res.textUpTo(65_536);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      const delay = backoff(s, attempt, null);
      if (safe && more(delay)) {
        await s.sleep(delay);
        continue;
      }
      const why = err.message.replace(/^Cannot reach "[^"]*": /, "");
      throw new MlflowRequestError(
        endpoint,
        0,
        `Cannot reach the MLflow server "${r.shown}" (${method} ${endpoint}) after ` +
          `${attempt + 1} tries: ${why}`,
        { cause: err },
      );
    }
    if (status >= 200 && status < 300) return parseLenient(text);
    const retryable = status === 429 || status === 503 || (safe && status >= 500);
    if (retryable) {
      const delay = backoff(s, attempt, retryAfter);
      if (more(delay)) {
        await s.sleep(delay);
        continue;
      }
    }
    let code = `HTTP_${status}`;
    let msg = text;
    try {
      const j = JSON.parse(text) as { error_code?: string; message?: string };
      code = typeof j.error_code === "string" ? j.error_code : code;
      msg = typeof j.message === "string" ? j.message : msg;
    } catch { /* not JSON */ }
    msg = clip(redactSecrets(msg.trim(), secrets), 300);
    code = clip(redactSecrets(code, secrets), 60);
    const hint = status === 401 || status === 403
      ? "; check MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD"
      : "";
    throw new MlflowServerError(
      endpoint,
      status,
      code,
      `MLflow server "${r.shown}" refused ${method} ${endpoint}: ${status} ${code}: ${msg}${hint}`,
    );
  }
}
