/**
 * The forecast request: its JSON schema (what `/openapi.json` publishes and
 * ajv checks), and the checks a schema cannot say (lengths that depend on
 * each other, increasing levels). Every problem names its field as a JSON
 * pointer; the answer lists at most 20.
 *
 * @module
 */

import { Ajv } from "ajv";
import type { RequestLimits } from "./limits.ts";
import { type FieldProblem, ProblemError } from "./problem.ts";
import type { ServeSeries } from "./served_model.ts";

/** A checked forecast request, in the library's names. */
export interface ForecastRequest {
  /** The model name; the first loaded model when absent. */
  model?: string;
  /** The series, in order. */
  series: ServeSeries[];
  /** Each series' timestamps, when given. */
  timestamps: (string[] | undefined)[];
  /** Horizon. */
  predictionLength: number;
  /** Levels, increasing. */
  quantileLevels: number[];
}

/** The levels answered when a request names none. */
export const DEFAULT_QUANTILE_LEVELS: readonly number[] = [0.1, 0.5, 0.9];

const MAX_PROBLEMS = 20;

/** Values the model can hold in float32 without overflow (as the CSV loader allows). */
const FINITE = { minimum: -1e15, maximum: 1e15 };

/**
 * The JSON schema of a forecast request body under the given limits.
 *
 * @param limits series count and length, horizon, covariates, levels
 * @returns a draft-07 JSON schema object
 * @example Usage
 * ```ts
 * import { DEFAULT_LIMITS, forecastRequestSchema } from "@chronos-deno/chronos-deno/serve";
 * const s = forecastRequestSchema(DEFAULT_LIMITS.request) as { required: string[] };
 * if (!s.required.includes("inputs")) throw new Error();
 * ```
 */
export function forecastRequestSchema(limits: RequestLimits): Record<string, unknown> {
  const values = {
    type: "array",
    maxItems: limits.maxSeriesLength + limits.maxPredictionLength,
    items: { type: ["number", "string", "boolean", "null"], maxLength: 256, ...FINITE },
  };
  const covariates = {
    type: "object",
    maxProperties: limits.maxCovariates,
    propertyNames: { minLength: 1, maxLength: 128 },
    additionalProperties: values,
  };
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "ForecastRequest",
    type: "object",
    additionalProperties: false,
    required: ["inputs", "prediction_length"],
    properties: {
      model: { type: "string", minLength: 1, maxLength: 256, description: "Model name" },
      inputs: {
        type: "array",
        minItems: 1,
        maxItems: limits.maxSeries,
        items: {
          type: "object",
          additionalProperties: false,
          required: ["target"],
          properties: {
            target: {
              type: "array",
              minItems: 1,
              maxItems: limits.maxSeriesLength,
              items: { type: ["number", "null"], ...FINITE },
              description: "History; null is missing",
            },
            "past_covariates": covariates,
            "future_covariates": covariates,
            timestamps: {
              type: "array",
              maxItems: limits.maxSeriesLength,
              items: { type: "string", minLength: 1, maxLength: 64 },
              description: "ISO 8601 time of each target value; forecasts continue them",
            },
          },
        },
      },
      "prediction_length": { type: "integer", minimum: 1, maximum: limits.maxPredictionLength },
      "quantile_levels": {
        type: "array",
        minItems: 1,
        maxItems: limits.maxQuantileLevels,
        items: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
      },
    },
  };
}

interface RawSeries {
  target: (number | null)[];
  "past_covariates"?: Record<string, (number | string | boolean | null)[]>;
  "future_covariates"?: Record<string, (number | string | boolean | null)[]>;
  timestamps?: string[];
}

interface RawRequest {
  model?: string;
  inputs: RawSeries[];
  "prediction_length": number;
  "quantile_levels"?: number[];
}

type Validate = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string; params: Record<string, unknown> }[] | null;
};

const compiled = new WeakMap<RequestLimits, Validate>();

function validator(limits: RequestLimits): Validate {
  let v = compiled.get(limits);
  if (!v) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    v = ajv.compile(forecastRequestSchema(limits)) as unknown as Validate;
    compiled.set(limits, v);
  }
  return v;
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function ajvProblems(v: Validate): FieldProblem[] {
  return (v.errors ?? []).slice(0, MAX_PROBLEMS).map((e) => {
    const extra = e.params.additionalProperty ?? e.params.missingProperty;
    const pointer = e.instancePath + (typeof extra === "string" ? `/${extra}` : "");
    const type = e.params.type;
    const what = typeof e.params.additionalProperty === "string"
      ? "Unknown field: remove it"
      : type !== undefined
      ? `Must be of type ${String(type).replaceAll(",", " or ")}`
      : sentence(e.message ?? "is invalid");
    return { pointer: pointer || "/", detail: what };
  });
}

function crossChecks(body: RawRequest): FieldProblem[] {
  const out: FieldProblem[] = [];
  const h = body.prediction_length;
  body.inputs.forEach((s, i) => {
    const at = `/inputs/${i}`;
    const n = s.target.length;
    if (s.target.every((v) => v === null)) {
      out.push({
        pointer: `${at}/target`,
        detail: "Every value is missing: give at least one number",
      });
    }
    for (const [name, vals] of Object.entries(s.past_covariates ?? {})) {
      if (vals.length !== n) {
        out.push({
          pointer: `${at}/past_covariates/${name}`,
          detail: `Has ${vals.length} values: it must be as long as the target (${n})`,
        });
      }
    }
    for (const [name, vals] of Object.entries(s.future_covariates ?? {})) {
      if (!(name in (s.past_covariates ?? {}))) {
        out.push({
          pointer: `${at}/future_covariates/${name}`,
          detail: "Has no past values: give them in past_covariates too",
        });
      }
      if (vals.length !== h) {
        out.push({
          pointer: `${at}/future_covariates/${name}`,
          detail: `Has ${vals.length} values: it must be prediction_length (${h}) long`,
        });
      }
    }
    if (s.timestamps && s.timestamps.length !== n) {
      out.push({
        pointer: `${at}/timestamps`,
        detail: `Has ${s.timestamps.length} values: it must be as long as the target (${n})`,
      });
    }
  });
  const q = body.quantile_levels ?? [];
  if (q.some((l, i) => i > 0 && l <= q[i - 1]!)) {
    out.push({ pointer: "/quantile_levels", detail: "Levels must be increasing and distinct" });
  }
  return out;
}

/**
 * Checks a parsed JSON body against the schema and the cross-field rules.
 *
 * @param body the parsed JSON
 * @param limits the request limits
 * @returns the request in the library's names
 * @throws {ProblemError} 422 listing every field at fault (at most 20)
 * @example Usage
 * ```ts
 * import { DEFAULT_LIMITS, parseForecastRequest } from "@chronos-deno/chronos-deno/serve";
 * const r = parseForecastRequest({ inputs: [{ target: [1, 2, 3] }], prediction_length: 2 },
 *   DEFAULT_LIMITS.request);
 * if (r.predictionLength !== 2 || r.quantileLevels.length !== 3) throw new Error();
 * ```
 */
export function parseForecastRequest(body: unknown, limits: RequestLimits): ForecastRequest {
  const v = validator(limits);
  if (!v(body)) {
    throw new ProblemError(
      422,
      "invalid-request",
      "The request does not match the schema: see errors",
      {
        errors: ajvProblems(v),
      },
    );
  }
  const raw = body as RawRequest;
  const problems = crossChecks(raw);
  if (problems.length > 0) {
    throw new ProblemError(
      422,
      "invalid-request",
      "The request's fields do not agree: see errors",
      {
        errors: problems.slice(0, MAX_PROBLEMS),
      },
    );
  }
  const out: ForecastRequest = {
    series: raw.inputs.map((s) => {
      const one: ServeSeries = { target: s.target };
      if (s.past_covariates && Object.keys(s.past_covariates).length > 0) {
        (one as { pastCovariates?: ServeSeries["pastCovariates"] }).pastCovariates =
          s.past_covariates;
      }
      if (s.future_covariates && Object.keys(s.future_covariates).length > 0) {
        (one as { futureCovariates?: ServeSeries["futureCovariates"] }).futureCovariates =
          s.future_covariates;
      }
      return one;
    }),
    timestamps: raw.inputs.map((s) => s.timestamps),
    predictionLength: raw.prediction_length,
    quantileLevels: raw.quantile_levels ?? [...DEFAULT_QUANTILE_LEVELS],
  };
  if (raw.model !== undefined) out.model = raw.model;
  return out;
}
