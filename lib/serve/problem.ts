/**
 * RFC 9457 problem details: the one shape of every error answer of the
 * forecast service (`application/problem+json`), with the field at fault
 * named as a JSON pointer. Messages are written for the caller; a stack trace
 * or an internal message never reaches the wire.
 *
 * @module
 */

/** One field at fault: where (a JSON pointer into the request) and what is wrong. */
export interface FieldProblem {
  /** JSON pointer into the request body, e.g. `/inputs/0/target/3`; a query parameter as `?name`. */
  pointer: string;
  /** What is wrong there, in the house voice. */
  detail: string;
}

/** The body of a problem answer (RFC 9457 members plus `errors`). */
export interface ProblemBody {
  /** A URI naming the problem type. */
  type: string;
  /** A short summary of the problem type. */
  title: string;
  /** The HTTP status. */
  status: number;
  /** This occurrence, explained. */
  detail: string;
  /** The path that was asked for. */
  instance?: string;
  /** Every field at fault (validation problems). */
  errors?: FieldProblem[];
}

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  406: "Not acceptable",
  408: "Request timeout",
  413: "Content too large",
  415: "Unsupported media type",
  422: "Unprocessable content",
  429: "Too many requests",
  500: "Internal server error",
  503: "Service unavailable",
  504: "Gateway timeout",
};

/** A failure that becomes a problem answer: status, type slug, detail, fields and headers. */
export class ProblemError extends Error {
  /** The HTTP status. */
  readonly status: number;
  /** The problem type slug (`https://chronos-deno.dev/problems/<slug>`). */
  readonly slug: string;
  /** The fields at fault. */
  readonly errors: readonly FieldProblem[];
  /** Extra answer headers, e.g. `Retry-After`. */
  readonly headers: Readonly<Record<string, string>>;

  /**
   * Creates the error.
   *
   * @param status the HTTP status
   * @param slug the problem type slug, e.g. `"invalid-request"`
   * @param detail this occurrence, explained
   * @param options fields at fault and extra headers
   * @example Usage
   * ```ts
   * import { ProblemError } from "@chronos-deno/chronos-deno/serve";
   * const e = new ProblemError(429, "queue-full", "The queue is full: retry in 1 s", {
   *   headers: { "retry-after": "1" },
   * });
   * if (e.status !== 429) throw new Error();
   * ```
   */
  constructor(
    status: number,
    slug: string,
    detail: string,
    options: { errors?: readonly FieldProblem[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = "ProblemError";
    this.status = status;
    this.slug = slug;
    this.errors = options.errors ?? [];
    this.headers = options.headers ?? {};
  }
}

/** The URI prefix of the problem types. */
export const PROBLEM_TYPE_BASE = "https://chronos-deno.dev/problems/";

/**
 * The problem body of an error: a {@linkcode ProblemError} as it is, anything
 * else as a 500 that says nothing about the internals.
 *
 * @param err what was thrown
 * @param instance the request path
 * @returns the body to send
 * @example Usage
 * ```ts
 * import { problemBody, ProblemError } from "@chronos-deno/chronos-deno/serve";
 * import assert from "node:assert/strict";
 * const body = problemBody(new ProblemError(404, "unknown-model", "No model \"x\""), "/v1/forecast");
 * assert.equal(body.type, "https://chronos-deno.dev/problems/unknown-model");
 * assert.equal(problemBody(new Error("secret at /home/x"), "/").detail.includes("secret"), false);
 * ```
 */
export function problemBody(err: unknown, instance: string): ProblemBody {
  if (err instanceof ProblemError) {
    const body: ProblemBody = {
      type: PROBLEM_TYPE_BASE + err.slug,
      title: TITLES[err.status] ?? "Error",
      status: err.status,
      detail: err.message,
      instance,
    };
    if (err.errors.length > 0) body.errors = [...err.errors];
    return body;
  }
  return {
    type: PROBLEM_TYPE_BASE + "internal",
    title: TITLES[500]!,
    status: 500,
    detail: "The service failed to answer this request: see the server log and retry",
    instance,
  };
}

/**
 * The HTTP answer of an error (`application/problem+json`, the error's headers).
 *
 * @param err what was thrown
 * @param instance the request path
 * @returns the response
 * @example Usage
 * ```ts
 * import { problemResponse, ProblemError } from "@chronos-deno/chronos-deno/serve";
 * const r = problemResponse(new ProblemError(413, "body-too-large", "Too big"), "/v1/forecast");
 * if (r.status !== 413 || r.headers.get("content-type") !== "application/problem+json") {
 *   throw new Error();
 * }
 * ```
 */
export function problemResponse(err: unknown, instance: string): Response {
  const body = problemBody(err, instance);
  const headers = new Headers({ "content-type": "application/problem+json" });
  if (err instanceof ProblemError) {
    for (const [k, v] of Object.entries(err.headers)) headers.set(k, v);
  }
  return new Response(JSON.stringify(body), { status: body.status, headers });
}
