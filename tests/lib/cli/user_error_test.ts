import { assert, assertStrictEquals, assertThrows } from "../../_helpers/assert.ts";
import { captureIo } from "../../../lib/cli/io.ts";
import { isUserError, reportUserError } from "../../../lib/cli/user_error.ts";
import {
  DataValidationError,
  DownloadError,
  GpuUnavailableError,
  MlflowRequestError,
  ModelFormatError,
  OrtRunError,
  ShapeError,
} from "../../../lib/errors.ts";
import { IncompatibleResultsError } from "../../../lib/results/incompatible_results_error.ts";
import { MlflowServerError } from "../../../lib/tracking/mlflow_client.ts";
import { WeightsArtifactError } from "../../../lib/tracking/validation.ts";

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
    new Deno.errors.IsADirectory("d"),
    new Deno.errors.NotADirectory("f"),
    new Deno.errors.AlreadyExists("e"),
    new IncompatibleResultsError(["split differs"]),
    // Subclasses count too (their names differ from the base class's).
    new MlflowServerError("runs/create", 400, "INVALID_PARAMETER_VALUE", "m"),
    new WeightsArtifactError("w"),
  ];
  for (const e of expected) assert(isUserError(e), String(e));
  for (
    const e of [
      new Error("bug"),
      "text",
      undefined,
      { name: "DownloadError" },
      new Deno.errors.BrokenPipe("b"),
    ]
  ) {
    assert(!isUserError(e), String(e));
  }
});

Deno.test("reportUserError() prints one line with the prefix and gives 1; a bug is thrown again", () => {
  const io = captureIo();
  assertStrictEquals(reportUserError(new DownloadError("http://x", "cut"), io, "Error: "), 1);
  assertStrictEquals(io.err.join(""), `Error: ${new DownloadError("http://x", "cut").message}\n`);
  const bug = new Error("bug");
  assertThrows(() => reportUserError(bug, io), (e) => e === bug);
  assertStrictEquals(io.err.length, 1);
});

Deno.test("reportUserError() prints no credentials and no unbounded line", () => {
  const io = captureIo();
  const huge = "q".repeat(100_000);
  const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\n");
  reportUserError(
    new RangeError(
      `Cannot reach "http://u:pw@h/": Authorization: Bearer abc123XYZ ${huge}\n${lines}`,
    ),
    io,
  );
  const out = io.err.join("");
  assert(!out.includes("pw@") && !out.includes("abc123XYZ"), out.slice(0, 200));
  assert(out.length < 2000, `${out.length} characters`);
  assert(/\(100\d\d\d characters\)/.test(out), out.slice(0, 1200));
  assert(/… and 11 more lines\n$/.test(out), out.slice(-100));
});

Deno.test("reportUserError() hides the configured tokens wherever they appear", () => {
  Deno.env.set("MLFLOW_TRACKING_TOKEN", "plainword-token-42");
  try {
    const io = captureIo();
    reportUserError(new RangeError("Server said: unknown user plainword-token-42"), io);
    assert(!io.err.join("").includes("plainword-token-42"), io.err.join(""));
  } finally {
    Deno.env.delete("MLFLOW_TRACKING_TOKEN");
  }
});
