/**
 * Validation of what a run logs, with MLflow's rules, checked before anything
 * is written or sent so that both stores refuse the same things with the same
 * messages; plus the two value encodings (`nan` in files, `"NaN"` over REST).
 *
 * @module
 */

/** Longest key MLflow accepts (params, metrics, tags). */
export const MAX_KEY_LENGTH = 250;
/** Longest param value MLflow 3.x keeps (longer ones are cut silently by the server). */
export const MAX_PARAM_VALUE_LENGTH = 6000;
/** Longest tag value MLflow keeps (longer ones are cut silently by the server). */
export const MAX_TAG_VALUE_LENGTH = 8000;
/** File endings that mark model weights, which are never logged as artifacts. */
export const WEIGHT_FILE_ENDINGS: readonly string[] = [
  ".safetensors",
  ".onnx",
  ".onnx.data",
  ".onnx_data",
  ".pt",
  ".pth",
  ".ckpt",
];

// Python's `\w` is Unicode-aware: letters, marks, digits and underscore.
const KEY_PATTERN = /^[\p{L}\p{M}\p{N}_\-. :/]+$/u;

/** An artifact that is (or contains) model weights was refused: log its path as a tag instead. */
export class WeightsArtifactError extends TypeError {
  /** The refused file. */
  readonly path: string;
  /**
   * Creates the error for a refused weights file.
   *
   * @param path the refused file
   * @example Usage
   * ```ts
   * import { WeightsArtifactError } from "@chronos-deno/chronos-deno/tracking";
   * const e = new WeightsArtifactError("model.onnx");
   * if (!e.message.includes("model.onnx")) throw new Error();
   * ```
   */
  constructor(path: string) {
    super(
      `Cannot log "${path}" as an artifact: model weights are never logged, ` +
        `record the model path as a tag instead (logModelPath)`,
    );
    this.name = "WeightsArtifactError";
    this.path = path;
  }
}

/**
 * Checks a param, metric or tag key against MLflow's naming rules: 1–250
 * characters among letters, digits, `_ - . space : /`, no `..`, no empty
 * path segment and no leading `/` (keys with `/` become sub-folders in the
 * file store).
 *
 * @param kind what the key names, for the message
 * @param key the key
 * @throws {RangeError} when the key breaks a rule
 * @example Usage
 * ```ts
 * import { validateKey } from "@chronos-deno/chronos-deno/tracking";
 * import { throws } from "node:assert/strict";
 * validateKey("metric", "val/rmse");
 * throws(() => validateKey("metric", "a..b"), RangeError);
 * ```
 */
export function validateKey(kind: "param" | "metric" | "tag", key: string): void {
  if (typeof key !== "string" || key.length === 0) {
    throw new RangeError(`Cannot log ${kind}: the key is empty, give it a name`);
  }
  if (key.length > MAX_KEY_LENGTH) {
    throw new RangeError(
      `Cannot log ${kind} "${key.slice(0, 40)}…": the key has ${key.length} characters, ` +
        `MLflow accepts at most ${MAX_KEY_LENGTH}`,
    );
  }
  if (!KEY_PATTERN.test(key)) {
    throw new RangeError(
      `Cannot log ${kind} "${key}": keys may only contain letters, digits, ` +
        `underscores, dashes, periods, spaces, colons and slashes`,
    );
  }
  if (key.includes("..") || key.startsWith("/") || key.endsWith("/") || key.includes("//")) {
    throw new RangeError(
      `Cannot log ${kind} "${key}": keys must not contain "..", an empty path segment ` +
        `or a leading or trailing slash`,
    );
  }
}

/**
 * Turns a param value into the string MLflow stores, checking its length.
 *
 * @param key the param key (for the message)
 * @param value a string, number or boolean
 * @returns the value as a string
 * @throws {TypeError} when the value is not a string, number or boolean
 * @throws {RangeError} when the value is longer than 6000 characters
 * @example Usage
 * ```ts
 * import { paramValue } from "@chronos-deno/chronos-deno/tracking";
 * if (paramValue("lr", 0.001) !== "0.001") throw new Error();
 * ```
 */
export function paramValue(key: string, value: unknown): string {
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
    throw new TypeError(
      `Cannot log param "${key}": the value must be a string, number or boolean, got ${typeof value}`,
    );
  }
  const s = String(value);
  if (s.length > MAX_PARAM_VALUE_LENGTH) {
    throw new RangeError(
      `Cannot log param "${key}": the value has ${s.length} characters, MLflow keeps at most ` +
        `${MAX_PARAM_VALUE_LENGTH}; log it as an artifact instead`,
    );
  }
  return s;
}

/**
 * Checks a tag value's type and length.
 *
 * @param key the tag key (for the message)
 * @param value the value
 * @returns the value
 * @throws {TypeError} when the value is not a string
 * @throws {RangeError} when the value is longer than 8000 characters
 * @example Usage
 * ```ts
 * import { tagValue } from "@chronos-deno/chronos-deno/tracking";
 * if (tagValue("kind", "zero-shot") !== "zero-shot") throw new Error();
 * ```
 */
export function tagValue(key: string, value: unknown): string {
  if (typeof value !== "string") {
    throw new TypeError(
      `Cannot set tag "${key}": the value must be a string, got ${typeof value}`,
    );
  }
  if (value.length > MAX_TAG_VALUE_LENGTH) {
    throw new RangeError(
      `Cannot set tag "${key}": the value has ${value.length} characters, MLflow keeps at most ` +
        `${MAX_TAG_VALUE_LENGTH}`,
    );
  }
  return value;
}

/**
 * Checks a metric value, step and timestamp. NaN and ±Infinity are valid
 * values; steps and timestamps are whole numbers.
 *
 * @param key the metric key (for the message)
 * @param value the value
 * @param step the step
 * @param timestamp the time in epoch milliseconds
 * @throws {TypeError} when the value is not a number
 * @throws {RangeError} when the step or timestamp is not a safe integer
 * @example Usage
 * ```ts
 * import { validateMetric } from "@chronos-deno/chronos-deno/tracking";
 * validateMetric("loss", Number.NaN, 3, 1700000000000);
 * ```
 */
export function validateMetric(key: string, value: unknown, step: number, timestamp: number): void {
  if (typeof value !== "number") {
    throw new TypeError(
      `Cannot log metric "${key}": the value must be a number, got ${typeof value}`,
    );
  }
  if (!Number.isSafeInteger(step)) {
    throw new RangeError(
      `Cannot log metric "${key}": the step must be a whole number, got ${step}`,
    );
  }
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RangeError(
      `Cannot log metric "${key}": the timestamp must be whole epoch milliseconds, got ${timestamp}`,
    );
  }
}

/**
 * Writes a metric value as the file store does (Python's `str(float)` for
 * the special values): `nan`, `inf`, `-inf`, else the shortest decimal.
 *
 * @param value the value
 * @returns its text in a metric file
 * @example Usage
 * ```ts
 * import { fileMetricValue } from "@chronos-deno/chronos-deno/tracking";
 * if (fileMetricValue(Number.NaN) !== "nan") throw new Error();
 * ```
 */
export function fileMetricValue(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  return String(value);
}

/**
 * Encodes a metric value for MLflow's REST API: NaN and ±Infinity become
 * the strings `"NaN"`, `"Infinity"`, `"-Infinity"` (JSON `null` is a 400).
 *
 * @param value the value
 * @returns a number, or one of the three strings
 * @example Usage
 * ```ts
 * import { restMetricValue } from "@chronos-deno/chronos-deno/tracking";
 * if (restMetricValue(-Infinity) !== "-Infinity") throw new Error();
 * ```
 */
export function restMetricValue(value: number): number | string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  return value;
}

/**
 * Reads a metric value written by either encoding (a number, `"NaN"`,
 * `"Infinity"`, `nan`, `inf`, …).
 *
 * @param raw the stored value
 * @returns the number
 * @throws {SyntaxError} when it is not a number
 * @example Usage
 * ```ts
 * import { parseMetricValue } from "@chronos-deno/chronos-deno/tracking";
 * if (!Number.isNaN(parseMetricValue("nan"))) throw new Error();
 * ```
 */
export function parseMetricValue(raw: unknown): number {
  if (typeof raw === "number") return raw;
  if (typeof raw === "string") {
    const s = raw.trim().toLowerCase();
    if (s === "nan" || s === "-nan") return NaN;
    if (s === "inf" || s === "infinity" || s === "+inf" || s === "+infinity") return Infinity;
    if (s === "-inf" || s === "-infinity") return -Infinity;
    const n = Number(s);
    if (s !== "" && !Number.isNaN(n)) return n;
  }
  throw new SyntaxError(`Cannot read metric value "${String(raw)}": it is not a number`);
}

/**
 * Refuses model weights: throws when `path` ends in a weights extension
 * (`.safetensors`, `.onnx`, …).
 *
 * @param path the artifact file
 * @throws {WeightsArtifactError} when it is a weights file
 * @example Usage
 * ```ts
 * import { refuseWeights, WeightsArtifactError } from "@chronos-deno/chronos-deno/tracking";
 * import { throws } from "node:assert/strict";
 * refuseWeights("results.json");
 * throws(() => refuseWeights("model.safetensors"), WeightsArtifactError);
 * ```
 */
export function refuseWeights(path: string): void {
  const lower = path.toLowerCase();
  if (WEIGHT_FILE_ENDINGS.some((e) => lower.endsWith(e))) throw new WeightsArtifactError(path);
}
