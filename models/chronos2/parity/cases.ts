/**
 * Reading the recorded reference cases (`cases/*.json` of a Chronos-2 fixture
 * folder): JSON tensors to typed arrays, and the official call's inputs and
 * keyword arguments to this library's inputs and options.
 *
 * @module
 */

import type { PredictOptions } from "../predict_types.ts";
import type { Chronos2Inputs, TaskInput } from "../inputs.ts";

/** A tensor as stored in the fixtures (`null` = NaN). */
export interface JsonTensor {
  /** Dimensions. */
  shape: number[];
  /** "float32" | "int64" | "bool". */
  dtype: string;
  /** Row-major values. */
  data: (number | null)[];
}

/** One case file, loosely typed. */
export type CaseJson = Record<string, unknown> & { case: string };

/**
 * Whether a value is a fixture tensor.
 *
 * @param x anything
 * @returns true for `{shape, dtype, data}`
 * @example Usage
 * ```ts
 * import { isJsonTensor } from "./cases.ts";
 * if (!isJsonTensor({ shape: [1], dtype: "float32", data: [1] })) throw new Error();
 * ```
 */
export function isJsonTensor(x: unknown): x is JsonTensor {
  return typeof x === "object" && x !== null && "shape" in x && "data" in x &&
    Array.isArray((x as JsonTensor).data);
}

/**
 * Converts a fixture tensor to float32 (`null` → NaN).
 *
 * @param t the tensor
 * @returns its values
 * @example Usage
 * ```ts
 * import { f32 } from "./cases.ts";
 * if (!Number.isNaN(f32({ shape: [1], dtype: "float32", data: [null] })[0])) throw new Error();
 * ```
 */
export function f32(t: JsonTensor): Float32Array {
  return Float32Array.from(t.data, (v) => (v === null ? NaN : v));
}

function convertDict(d: Record<string, unknown>): TaskInput {
  const out: TaskInput = { target: d.target as TaskInput["target"] };
  if (d.past_covariates) {
    out.pastCovariates = d.past_covariates as TaskInput["pastCovariates"] & object;
  }
  if (d.future_covariates) {
    out.futureCovariates = d.future_covariates as TaskInput["futureCovariates"] & object;
  }
  return out;
}

/**
 * The case's raw inputs in this library's form.
 *
 * @param c the case
 * @param inputs override (default `c.inputs`)
 * @returns inputs for `predict`
 * @example Usage
 * ```ts
 * import { caseInputs } from "./cases.ts";
 * const x = caseInputs({ case: "x", inputs: [[1, 2]], api: { inputs_form: "list of 1-d tensors" } });
 * if (!Array.isArray(x)) throw new Error();
 * ```
 */
export function caseInputs(c: CaseJson, inputs: unknown = c.inputs): Chronos2Inputs {
  const api = (c.api ?? {}) as { inputs_form?: string };
  const form = api.inputs_form ?? "";
  if (form.startsWith("3-d")) {
    const shape = c.inputs_shape as [number, number, number];
    const rows = inputs as (number | null)[][];
    return { shape, data: Float32Array.from(rows.flat(), (v) => (v === null ? NaN : v)) };
  }
  if (form.includes("dict")) return (inputs as Record<string, unknown>[]).map(convertDict);
  return inputs as Chronos2Inputs;
}

/**
 * The official keyword arguments as {@link PredictOptions}.
 *
 * @param kwargs the case's `api.kwargs` (snake_case)
 * @returns options
 * @throws {TypeError} on a keyword this library does not know
 * @example Usage
 * ```ts
 * import { caseOptions } from "./cases.ts";
 * if (caseOptions({ prediction_length: 8 }).predictionLength !== 8) throw new Error();
 * ```
 */
export function caseOptions(kwargs: Record<string, unknown>): PredictOptions {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kwargs)) {
    const name = PREDICT_KWARGS[k];
    if (name === undefined) throw new TypeError(`Unknown predict keyword "${k}" in the case file`);
    o[name] = v;
  }
  return o as PredictOptions;
}

/** The official `predict` keyword arguments and their {@link PredictOptions} names. */
const PREDICT_KWARGS: Record<string, keyof PredictOptions> = {
  "prediction_length": "predictionLength",
  "batch_size": "batchSize",
  "context_length": "contextLength",
  "cross_learning": "crossLearning",
  "limit_prediction_length": "limitPredictionLength",
  "max_output_patches": "maxOutputPatches",
  "unrolled_quantiles": "unrolledQuantiles",
};
