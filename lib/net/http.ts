/**
 * The one owner of outgoing HTTP. Every request has a time limit for its
 * answer (connecting included), every body a limit on silence between
 * chunks and an overall deadline, so that a server that hangs or drips a
 * byte every few seconds cannot hold a task for ever. Idempotent requests are
 * retried with exponential backoff on connection errors, 408/425/429 and
 * 5xx (honouring `Retry-After` up to the backoff cap); a caller's
 * `AbortSignal` (Ctrl-C) cancels at once. Messages name the URL with its
 * credentials removed and quote nothing unbounded.
 *
 * @module
 */

import { clip } from "./clip.ts";
import { HttpError, type HttpFailure } from "./http_error.ts";
import { redactSecrets, redactUrl } from "./redact.ts";

export { HttpError, type HttpFailure } from "./http_error.ts";

/** HTTP methods this client sends. */
export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "DELETE";

/** Options of {@linkcode httpRequest}. */
export interface HttpRequestOptions {
  /** The method. @default "GET" */
  method?: HttpMethod;
  /** Request headers. */
  headers?: Record<string, string>;
  /** Request body. */
  body?: Uint8Array | string | null;
  /** Per try: milliseconds from sending to the response headers (connecting included). @default 30000 */
  timeoutMs?: number;
  /** Longest silence between two body chunks, in ms. @default 30000 */
  idleTimeoutMs?: number;
  /** Overall limit for tries, waits and the whole body, in ms. @default 600000 */
  deadlineMs?: number;
  /** Whether repeating the request is harmless. @default true except for POST */
  idempotent?: boolean;
  /** Retries after the first try (idempotent requests only). @default 3 */
  retries?: number;
  /** First wait before a retry, doubled each time (with up to 25 % jitter). @default 500 */
  backoffMs?: number;
  /** Longest wait between tries. @default 16000 */
  maxBackoffMs?: number;
  /** What `redirect` does. @default "follow" */
  redirect?: RequestRedirect;
  /** Cancels the request and its body (e.g. on Ctrl-C). */
  signal?: AbortSignal;
  /** Values redacted from every message (tokens, passwords). */
  secrets?: readonly (string | undefined)[];
  /** The fetch (tests). @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Jitter source in [0, 1). @default Math.random */
  random?: () => number;
  /** Called before each retry with the try number (1-based), the wait and why. */
  onRetry?: (attempt: number, waitMs: number, why: string) => void;
}

/** An answer whose body is read under the idle timeout and the deadline. */
export interface HttpResponse {
  /** HTTP status. */
  readonly status: number;
  /** Whether the status is 2xx. */
  readonly ok: boolean;
  /** Response headers. */
  readonly headers: Headers;
  /** The URL, credentials redacted. */
  readonly url: string;
  /** How many tries it took. */
  readonly attempts: number;
  /** The body as a guarded stream (null for HEAD or no body). */
  readonly body: ReadableStream<Uint8Array> | null;
  /** The whole body. */
  bytes(): Promise<Uint8Array>;
  /** The whole body as UTF-8 text. */
  text(): Promise<string>;
  /** At most the first `maxBytes` of the body as UTF-8 text; the rest is discarded. */
  textUpTo(maxBytes: number): Promise<string>;
  /** Discards the body and releases the connection. */
  cancel(): Promise<void>;
}

const RETRY_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * Sends one HTTP request with time limits, safe retries and cancellation.
 * Non-2xx answers are returned (after retries where they apply), not thrown.
 *
 * @param url the URL (credentials in it are never shown)
 * @param options method, headers, body, limits, retries, signal, secrets
 * @returns the answer, whose body is read under the idle timeout and the deadline
 * @throws {HttpError} when no answer came in time, the connection failed, the
 *   signal aborted, or (while reading the body) the transfer stalled or passed its deadline
 * @example Usage
 * ```ts
 * import { httpRequest } from "./http.ts";
 * import assert from "node:assert/strict";
 * const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => new Response("hi"));
 * const res = await httpRequest(`http://127.0.0.1:${server.addr.port}/`, { timeoutMs: 5000 });
 * assert.equal(await res.text(), "hi");
 * await server.shutdown();
 * ```
 */
export async function httpRequest(
  url: string,
  options: HttpRequestOptions = {},
): Promise<HttpResponse> {
  const method = options.method ?? "GET";
  const shown = redactUrl(url);
  const secrets = options.secrets ?? [];
  const started = Date.now();
  const deadline = started + (options.deadlineMs ?? 600_000);
  const idempotent = options.idempotent ?? method !== "POST";
  const retries = idempotent ? Math.max(0, options.retries ?? 3) : 0;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const doFetch = options.fetch ?? globalThis.fetch;
  const fail = (
    reason: HttpFailure,
    status: number,
    attempts: number,
    text: string,
    cause?: unknown,
  ) =>
    new HttpError(
      { url: shown, reason, status, attempts },
      redactSecrets(text, secrets),
      cause === undefined ? undefined : { cause },
    );
  for (let attempt = 1;; attempt++) {
    const guard = new Guard(options.signal);
    const left = deadline - Date.now();
    guard.arm(Math.min(timeoutMs, left), left < timeoutMs ? "deadline" : "timeout");
    let res: Response;
    try {
      res = await guard.race(doFetch(url, {
        method,
        headers: options.headers ?? {},
        body: (options.body ?? null) as BodyInit | null,
        redirect: options.redirect ?? "follow",
        signal: guard.signal,
      }));
    } catch (err) {
      guard.dispose();
      const reason = guard.reason ?? "network";
      const what = reason === "aborted"
        ? `${method} "${shown}" was cancelled`
        : reason === "network"
        ? `Cannot reach "${shown}": ${clip(errorText(err))}`
        : reason === "deadline"
        ? `No answer from "${shown}" within the deadline of ${options.deadlineMs ?? 600_000} ms`
        : `No answer from "${shown}" within ${timeoutMs} ms`;
      const wait = retryWait(attempt, null);
      if (reason !== "aborted" && attempt <= retries && Date.now() + wait < deadline) {
        options.onRetry?.(attempt, wait, redactSecrets(what, secrets));
        await sleep(wait, options.signal);
        continue;
      }
      const tries = attempt > 1 ? ` (${attempt} tries)` : "";
      throw fail(reason, 0, attempt, `${what}${tries}`, err);
    }
    guard.disarm();
    if (RETRY_STATUS.has(res.status) && attempt <= retries) {
      const wait = retryWait(attempt, res.headers.get("retry-after"));
      if (Date.now() + wait < deadline) {
        await res.body?.cancel().catch(() => {});
        guard.dispose();
        options.onRetry?.(attempt, wait, `HTTP ${res.status}`);
        await sleep(wait, options.signal);
        continue;
      }
    }
    return wrapResponse(res, guard, {
      url: shown,
      attempts: attempt,
      idleMs: options.idleTimeoutMs ?? 30_000,
      deadline,
      fail,
    });
  }

  function retryWait(attempt: number, retryAfter: string | null): number {
    const cap = options.maxBackoffMs ?? 16_000;
    const after = retryAfterMs(retryAfter);
    if (after !== undefined) return Math.min(after, cap);
    const base = (options.backoffMs ?? 500) * 2 ** (attempt - 1);
    return Math.min(base * (1 + 0.25 * (options.random ?? Math.random)()), cap);
  }
}

function retryAfterMs(v: string | null): number | undefined {
  if (v === null || v.trim() === "") return undefined;
  const s = Number(v);
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
  return `${err.message}${cause}`.split("\n")[0]!;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** One try's abort controller, timer and link to the caller's signal. */
class Guard {
  readonly #ctl = new AbortController();
  readonly #outer: AbortSignal | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #reason: HttpFailure | undefined;
  #rejects = new Set<(e: unknown) => void>();
  readonly #onOuter = () => this.abort("aborted");

  constructor(outer: AbortSignal | undefined) {
    this.#outer = outer;
    if (outer?.aborted) this.abort("aborted");
    outer?.addEventListener("abort", this.#onOuter, { once: true });
  }

  get signal(): AbortSignal {
    return this.#ctl.signal;
  }

  get reason(): HttpFailure | undefined {
    return this.#reason;
  }

  abort(reason: HttpFailure): void {
    if (this.#reason === undefined || this.#reason === reason) this.#reason = reason;
    this.#ctl.abort(new DOMException(reason, "AbortError"));
    for (const r of this.#rejects) r(new DOMException(reason, "AbortError"));
  }

  arm(ms: number, reason: HttpFailure): void {
    this.disarm();
    this.#timer = setTimeout(() => this.abort(reason), Math.max(0, ms));
  }

  disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Settles with `p`, or rejects as soon as the guard aborts (even if `p` ignores the signal). */
  race<T>(p: Promise<T>): Promise<T> {
    if (this.#reason !== undefined) {
      p.catch(() => {});
      return Promise.reject(new DOMException(this.#reason, "AbortError"));
    }
    return new Promise<T>((resolve, reject) => {
      this.#rejects.add(reject);
      p.then(resolve, reject).finally(() => this.#rejects.delete(reject));
    });
  }

  dispose(): void {
    this.disarm();
    this.#outer?.removeEventListener("abort", this.#onOuter);
    this.#rejects.clear();
  }
}

interface WrapContext {
  url: string;
  attempts: number;
  idleMs: number;
  deadline: number;
  fail: (r: HttpFailure, s: number, a: number, t: string, c?: unknown) => HttpError;
}

function wrapResponse(res: Response, guard: Guard, c: WrapContext): HttpResponse {
  let received = 0;
  let body: ReadableStream<Uint8Array> | null = null;
  if (res.body) {
    const reader = res.body.getReader();
    body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const left = c.deadline - Date.now();
        guard.arm(Math.min(c.idleMs, left), left < c.idleMs ? "deadline" : "stalled");
        try {
          const { done, value } = await guard.race(reader.read());
          guard.disarm();
          if (done) {
            guard.dispose();
            controller.close();
            return;
          }
          received += value.length;
          controller.enqueue(value);
        } catch (err) {
          guard.dispose();
          reader.cancel().catch(() => {});
          const reason = guard.reason ?? "network";
          const after = `after ${received} byte${received === 1 ? "" : "s"}`;
          const what = reason === "stalled"
            ? `The transfer from "${c.url}" stalled for ${c.idleMs} ms ${after}`
            : reason === "deadline"
            ? `The transfer from "${c.url}" did not finish within its deadline (${after})`
            : reason === "aborted"
            ? `The transfer from "${c.url}" was cancelled ${after}`
            : `The transfer from "${c.url}" broke off ${after}: ${clip(errorText(err))}`;
          controller.error(c.fail(reason, res.status, c.attempts, what, err));
        }
      },
      async cancel() {
        guard.dispose();
        await reader.cancel().catch(() => {});
      },
    });
  } else {
    guard.dispose();
  }
  const bytes = async (): Promise<Uint8Array> => {
    if (!body) return new Uint8Array(0);
    const chunks: Uint8Array[] = [];
    let n = 0;
    for await (const chunk of body) {
      chunks.push(chunk);
      n += chunk.length;
    }
    const out = new Uint8Array(n);
    let p = 0;
    for (const ch of chunks) {
      out.set(ch, p);
      p += ch.length;
    }
    return out;
  };
  return {
    status: res.status,
    ok: res.ok,
    headers: res.headers,
    url: c.url,
    attempts: c.attempts,
    body,
    bytes,
    text: async () => new TextDecoder().decode(await bytes()),
    textUpTo: async (maxBytes: number) => {
      if (!body) return "";
      const reader = body.getReader();
      const decoder = new TextDecoder();
      let text = "";
      let n = 0;
      try {
        while (n < maxBytes) {
          const { done, value } = await reader.read();
          if (done) break;
          const part = value.subarray(0, maxBytes - n);
          n += part.length;
          text += decoder.decode(part, { stream: true });
        }
        return text + decoder.decode();
      } finally {
        await reader.cancel().catch(() => {});
      }
    },
    cancel: async () => {
      if (body) await body.cancel().catch(() => {});
      guard.dispose();
    },
  };
}
