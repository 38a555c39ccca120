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
import { IncompatibleResultsError } from "../report/incompatible_results_error.ts";

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
