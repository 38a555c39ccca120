/**
 * Which errors a task reports as one clear line (exit code 1) rather than a
 * stack trace: the built-in argument errors, file-system errors the user can
 * fix (a missing, unreadable or misplaced file or folder), and the project's
 * typed errors and their subclasses (DataValidationError and ShapeError are a
 * SyntaxError and a TypeError).
 *
 * @module
 */

import {
  DownloadError,
  GpuUnavailableError,
  MlflowRequestError,
  ModelFormatError,
  OrtRunError,
} from "../errors.ts";
import { IncompatibleResultsError } from "../results/incompatible_results_error.ts";
import { HttpError } from "../net/http_error.ts";
import { clip } from "../net/clip.ts";
import { redactSecrets } from "../net/redact.ts";
import type { Io } from "./io.ts";

/** Any error class, whatever its constructor takes. */
type ErrorClass = abstract new (...args: never[]) => Error;

const EXPECTED: readonly ErrorClass[] = [
  RangeError,
  TypeError,
  SyntaxError,
  Deno.errors.NotFound,
  Deno.errors.PermissionDenied,
  Deno.errors.IsADirectory,
  Deno.errors.NotADirectory,
  Deno.errors.AlreadyExists,
  OrtRunError,
  GpuUnavailableError,
  MlflowRequestError,
  DownloadError,
  ModelFormatError,
  IncompatibleResultsError,
  HttpError,
];

/**
 * Whether `err` is an expected error the user can act on.
 *
 * @param err anything thrown
 * @returns true for RangeError, TypeError, SyntaxError, the file-system errors NotFound,
 *   PermissionDenied, IsADirectory, NotADirectory and AlreadyExists, and the typed errors
 *   (subclasses included)
 * @example Usage
 * ```ts
 * import { isUserError } from "./user_error.ts";
 * if (!isUserError(new RangeError("Horizon must be positive")) || isUserError(new Error("bug"))) {
 *   throw new Error();
 * }
 * ```
 */
export function isUserError(err: unknown): err is Error {
  return EXPECTED.some((c) => err instanceof c);
}

/**
 * Reports an expected error as one line on stderr and gives the exit code 1; anything else
 * (a bug) is thrown again, so that its stack trace is shown.
 *
 * @param err what the task threw
 * @param io where the line goes
 * @param prefix text before the message, e.g. `"Error: "`
 * @returns 1
 * @throws err itself when it is not a user error ({@linkcode isUserError})
 * @example Usage
 * ```ts
 * import { reportUserError } from "./user_error.ts";
 * import { captureIo } from "./io.ts";
 * import assert from "node:assert/strict";
 * const io = captureIo();
 * assert.equal(reportUserError(new RangeError("Horizon must be positive: got 0"), io), 1);
 * assert.equal(io.err.join(""), "Horizon must be positive: got 0\n");
 * assert.throws(() => reportUserError(new Error("bug"), io));
 * ```
 */
export function reportUserError(err: unknown, io: Io, prefix = ""): 1 {
  if (!isUserError(err)) throw err;
  io.stderr(`${prefix}${boundedMessage(err.message)}\n`);
  return 1;
}

/**
 * A message as it may be printed: credentials redacted (also the values of
 * {@linkcode SECRET_VARIABLES} when they are set), each line cut to 1,000
 * characters and at most 20 lines (the last line says how many were left out).
 *
 * @param message the message
 * @returns the printable message
 * @example Usage
 * ```ts
 * import { boundedMessage } from "./user_error.ts";
 * import assert from "node:assert/strict";
 * assert.equal(boundedMessage("Cannot reach http://u:p@h/"), "Cannot reach http://***@h/");
 * ```
 */
export function boundedMessage(message: string): string {
  const lines = redactSecrets(message, configuredSecrets()).split("\n");
  const shown = lines.slice(0, 20).map((l) => clip(l, 1000));
  if (lines.length > 20) shown.push(`… and ${lines.length - 20} more lines`);
  return shown.join("\n");
}

/** Environment variables whose values never appear in a printed message. */
export const SECRET_VARIABLES: readonly string[] = [
  "HF_TOKEN",
  "HUGGING_FACE_HUB_TOKEN",
  "MLFLOW_TRACKING_TOKEN",
  "MLFLOW_TRACKING_PASSWORD",
];

function configuredSecrets(): string[] {
  const out: string[] = [];
  for (const name of SECRET_VARIABLES) {
    try {
      const v = Deno.env.get(name);
      if (v) out.push(v);
    } catch { /* no env permission: nothing configured to hide */ }
  }
  return out;
}
