/**
 * The error of the HTTP owner (`lib/net/http.ts`): no answer, an answer too
 * slow, a transfer that stalled or ran past its deadline, a cancellation.
 * Its URL is already redacted and its message bounded.
 *
 * @module
 */

/** Why a request failed without a usable answer. */
export type HttpFailure =
  | "network"
  | "timeout"
  | "stalled"
  | "deadline"
  | "aborted"
  | "status";

/** A request that got no usable answer; `url` has its credentials removed. */
export class HttpError extends Error {
  /** The URL, with credentials redacted. */
  readonly url: string;
  /** Why it failed. */
  readonly reason: HttpFailure;
  /** The last HTTP status, 0 when no answer came. */
  readonly status: number;
  /** How many tries were made. */
  readonly attempts: number;
  /**
   * Creates the error.
   *
   * @param init the redacted URL, the reason, the last status and the number of tries
   * @param message the message (already redacted and bounded)
   * @param options an optional cause
   * @example Usage
   * ```ts
   * import { HttpError } from "./http_error.ts";
   * const e = new HttpError({ url: "http://h/", reason: "timeout", status: 0, attempts: 1 }, "No answer");
   * if (e.reason !== "timeout") throw new Error();
   * ```
   */
  constructor(
    init: { url: string; reason: HttpFailure; status: number; attempts: number },
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "HttpError";
    this.url = init.url;
    this.reason = init.reason;
    this.status = init.status;
    this.attempts = init.attempts;
  }
}
