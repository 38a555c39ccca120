/**
 * Which errors a task reports as one clear line (exit code 1) rather than a
 * stack trace: the built-in argument errors, missing or unreadable files, and
 * the project's typed errors (matched by name; DataValidationError and
 * ShapeError are a SyntaxError and a TypeError).
 *
 * @module
 */

const TYPED = new Set([
  "OrtRunError",
  "GpuUnavailableError",
  "MlflowRequestError",
  "DownloadError",
  "ModelFormatError",
]);

/**
 * Whether `err` is an expected error the user can act on.
 *
 * @param err anything thrown
 * @returns true for RangeError, TypeError, SyntaxError, NotFound, PermissionDenied and the typed errors
 * @example Usage
 * ```ts
 * import { isUserError } from "./user_error.ts";
 * if (!isUserError(new RangeError("Horizon must be positive")) || isUserError(new Error("bug"))) {
 *   throw new Error();
 * }
 * ```
 */
export function isUserError(err: unknown): err is Error {
  return err instanceof RangeError || err instanceof TypeError || err instanceof SyntaxError ||
    err instanceof Deno.errors.NotFound || err instanceof Deno.errors.PermissionDenied ||
    (err instanceof Error && TYPED.has(err.name));
}
