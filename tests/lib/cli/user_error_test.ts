import { assert } from "../../_helpers/assert.ts";
import { isUserError } from "../../../lib/cli/user_error.ts";
import {
  DataValidationError,
  DownloadError,
  GpuUnavailableError,
  MlflowRequestError,
  ModelFormatError,
  OrtRunError,
  ShapeError,
} from "../../../lib/errors.ts";

Deno.test("isUserError() accepts the typed and built-in argument errors, not bugs", () => {
  const expected: unknown[] = [
    new RangeError("r"),
    new TypeError("t"),
    new SyntaxError("s"),
    new Deno.errors.NotFound("n"),
    new Deno.errors.PermissionDenied("p"),
    new DownloadError("http://x", "d"),
    new ModelFormatError("field", "m"),
    new DataValidationError("file.csv", []),
    new ShapeError("MatMul", "[2, 3]", "[2, 4]"),
    new OrtRunError("Cannot run", []),
    new MlflowRequestError("runs/create", 500, "m"),
    new GpuUnavailableError("no adapter"),
  ];
  for (const e of expected) assert(isUserError(e), String(e));
  for (const e of [new Error("bug"), "text", undefined, { name: "DownloadError" }]) {
    assert(!isUserError(e), String(e));
  }
});
