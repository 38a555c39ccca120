/**
 * The few domain error classes of chronos-deno. Each subclasses the closest
 * built-in, carries structured fields and chains `{ cause }`. Messages follow
 * one voice: sentence case, no trailing period, say what to do.
 *
 * @module
 */

/** A tensor or graph value has the wrong shape. */
export class ShapeError extends TypeError {
  /** The op or node path that found the problem. */
  readonly op: string;
  /** The expected shape, in words or dims. */
  readonly expected: string;
  /** The actual shape, in words or dims. */
  readonly actual: string;
  /**
   * Creates the error.
   *
   * @param op the op or node path
   * @param expected the expected shape
   * @param actual the actual shape
   * @param message an optional full message
   * @example Usage
   * ```ts
   * import { ShapeError } from "@chronos-deno/chronos-deno";
   * const e = new ShapeError("attn/qk", "[2, 3]", "[2, 4]");
   * if (!e.message.includes("attn/qk")) throw new Error();
   * ```
   */
  constructor(op: string, expected: string, actual: string, message?: string) {
    super(message ?? `Cannot build "${op}": expected shape ${expected}, got ${actual}`);
    this.name = "ShapeError";
    this.op = op;
    this.expected = expected;
    this.actual = actual;
  }
}

/** One feed of an ONNX Runtime call, described without its data. */
export interface FeedSummary {
  /** Input name. */
  name: string;
  /** Element type. */
  dtype: string;
  /** Dimensions. */
  dims: readonly number[];
}

/** ONNX Runtime failed to create a session or to run a graph. */
export class OrtRunError extends Error {
  /** The feeds of the failing call (never their data). */
  readonly feeds: readonly FeedSummary[];
  /**
   * Creates the error.
   *
   * @param message what was being done
   * @param feeds the feeds of the call
   * @param options the ORT error as `cause`
   * @example Usage
   * ```ts
   * import { OrtRunError } from "@chronos-deno/chronos-deno";
   * import assert from "node:assert/strict";
   * const e = new OrtRunError("Cannot run the graph", [{ name: "x", dtype: "float32", dims: [2] }]);
   * assert.equal(e.feeds[0]!.name, "x");
   * ```
   */
  constructor(message: string, feeds: readonly FeedSummary[], options?: ErrorOptions) {
    super(message, options);
    this.name = "OrtRunError";
    this.feeds = feeds;
  }
}

/** No usable WebGPU adapter or device: callers catch it and fall back to the CPU. */
export class GpuUnavailableError extends Error {
  /**
   * Creates the error.
   *
   * @param message why no GPU path is possible
   * @param options an optional cause
   * @example Usage
   * ```ts
   * import { GpuUnavailableError } from "@chronos-deno/chronos-deno";
   * import assert from "node:assert/strict";
   * const e = new GpuUnavailableError("No WebGPU adapter: use --device cpu");
   * assert.equal(e.name, "GpuUnavailableError");
   * ```
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "GpuUnavailableError";
  }
}

/** An MLflow tracking server answered with an error, or could not be reached. */
export class MlflowRequestError extends Error {
  /** The REST endpoint, e.g. `/api/2.0/mlflow/runs/create`. */
  readonly endpoint: string;
  /** HTTP status, or 0 when no answer came. */
  readonly status: number;
  /**
   * Creates the error.
   *
   * @param endpoint the REST endpoint
   * @param status HTTP status (0: no answer)
   * @param message the message
   * @param options an optional cause
   * @example Usage
   * ```ts
   * import { MlflowRequestError } from "@chronos-deno/chronos-deno";
   * import assert from "node:assert/strict";
   * const e = new MlflowRequestError("/api/2.0/mlflow/runs/create", 0, "No answer from the server");
   * assert.equal(e.status, 0);
   * ```
   */
  constructor(endpoint: string, status: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "MlflowRequestError";
    this.endpoint = endpoint;
    this.status = status;
  }
}

/** One problem found in input data, located as precisely as possible. */
export interface DataProblem {
  /** What kind of problem. */
  kind:
    | "missing-column"
    | "unexpected-column"
    | "bad-number"
    | "bad-date"
    | "duplicate-timestamp"
    | "gap"
    | "irregular-frequency"
    | "too-short"
    | "empty"
    | "other";
  /** A one-line description naming row, column and value where known. */
  message: string;
  /** 1-based data row (header excluded), when the problem has one. */
  row?: number;
  /** Column name, when the problem has one. */
  column?: string;
  /** The offending raw value, when there is one. */
  value?: string;
}

/** Input data failed validation: every problem found is listed, then thrown once. */
export class DataValidationError extends SyntaxError {
  /** All problems found (the message shows the first few). */
  readonly problems: readonly DataProblem[];
  /** The file or source that was validated. */
  readonly source: string;
  /**
   * Creates the error.
   *
   * @param source the file or source name
   * @param problems every problem found (at least one)
   * @example Usage
   * ```ts
   * import { DataValidationError } from "@chronos-deno/chronos-deno";
   * const e = new DataValidationError("a.csv", [{ kind: "gap", message: "gap after row 3" }]);
   * if (e.problems.length !== 1) throw new Error();
   * ```
   */
  constructor(source: string, problems: readonly DataProblem[]) {
    const shown = problems.slice(0, 5).map((p) => `  - ${p.message}`).join("\n");
    const more = problems.length > 5 ? `\n  … and ${problems.length - 5} more` : "";
    const src = source.length > 200
      ? `${source.slice(0, 200)}… (${source.length} characters)`
      : source;
    super(`Cannot use "${src}": ${problems.length} problem(s) found:\n${shown}${more}`);
    this.name = "DataValidationError";
    this.problems = problems;
    this.source = source;
  }
}

/** A download failed, was truncated, or did not match its expected checksum. */
export class DownloadError extends Error {
  /** The URL that was fetched. */
  readonly url: string;
  /**
   * Creates the error.
   *
   * @param url the URL
   * @param message what went wrong and what to do
   * @param options an optional cause
   * @example Usage
   * ```ts
   * import { DownloadError } from "@chronos-deno/chronos-deno";
   * import assert from "node:assert/strict";
   * const e = new DownloadError("https://example.org/a.zip", "Download stopped: retry later");
   * assert.equal(e.url, "https://example.org/a.zip");
   * ```
   */
  constructor(url: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "DownloadError";
    this.url = url;
  }
}

/** A model folder, config or weights file is missing, corrupt or unsupported. */
export class ModelFormatError extends Error {
  /** The file or config field at fault. */
  readonly field: string;
  /**
   * Creates the error.
   *
   * @param field the file or config field at fault
   * @param message what is wrong and what to do
   * @param options an optional cause
   * @example Usage
   * ```ts
   * import { ModelFormatError } from "@chronos-deno/chronos-deno";
   * import assert from "node:assert/strict";
   * const e = new ModelFormatError("config.json", "Missing \"d_model\": use a Chronos-2 config");
   * assert.equal(e.field, "config.json");
   * ```
   */
  constructor(field: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ModelFormatError";
    this.field = field;
  }
}
