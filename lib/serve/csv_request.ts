/**
 * A `text/csv` forecast request: the body is a series file read exactly as
 * the `forecast` task reads it, the options come from the query string
 * (`prediction_length`, `quantile_levels`, `target`, `timestamp_column`,
 * `covariates`, `known`, `date_format`, `utc_offset`, `model`).
 *
 * @module
 */

import { csvForecastInput } from "../data/csv_forecast_input.ts";
import { formatTimestamp } from "../data/timestamp.ts";
import { DataValidationError } from "../errors.ts";
import type { RequestLimits } from "./limits.ts";
import { type FieldProblem, ProblemError } from "./problem.ts";
import { DEFAULT_QUANTILE_LEVELS, type ForecastRequest } from "./request_schema.ts";
import type { ServeSeries } from "./served_model.ts";

/** The query parameters a CSV request understands. */
export const CSV_QUERY_PARAMETERS: readonly string[] = [
  "model",
  "prediction_length",
  "quantile_levels",
  "target",
  "timestamp_column",
  "covariates",
  "known",
  "date_format",
  "utc_offset",
];

function list(v: string | null): string[] {
  return (v ?? "").split(",").map((s) => s.trim()).filter((s) => s.length > 0);
}

function plain(a: Float64Array): (number | null)[] {
  return Array.from(a, (v) => Number.isNaN(v) ? null : v);
}

function readQuery(query: URLSearchParams, limits: RequestLimits) {
  const problems: FieldProblem[] = [];
  for (const k of query.keys()) {
    if (!CSV_QUERY_PARAMETERS.includes(k)) {
      problems.push({
        pointer: `?${k.slice(0, 64)}`,
        detail: "Unknown query parameter: remove it",
      });
    }
  }
  const hText = query.get("prediction_length");
  const h = Number(hText);
  if (hText === null || !Number.isInteger(h) || h < 1 || h > limits.maxPredictionLength) {
    problems.push({
      pointer: "?prediction_length",
      detail: `Must be an integer from 1 to ${limits.maxPredictionLength}`,
    });
  }
  const levels = query.has("quantile_levels")
    ? list(query.get("quantile_levels")).map(Number)
    : [...DEFAULT_QUANTILE_LEVELS];
  if (
    levels.length === 0 || levels.length > limits.maxQuantileLevels ||
    levels.some((l, i) => !(l > 0 && l < 1) || (i > 0 && l <= levels[i - 1]!))
  ) {
    problems.push({
      pointer: "?quantile_levels",
      detail:
        `Must be 1 to ${limits.maxQuantileLevels} increasing levels in (0, 1), comma-separated`,
    });
  }
  const covariates = list(query.get("covariates"));
  const known = list(query.get("known"));
  if (covariates.length + known.length > limits.maxCovariates) {
    problems.push({ pointer: "?covariates", detail: `At most ${limits.maxCovariates} covariates` });
  }
  if (problems.length > 0) {
    throw new ProblemError(
      422,
      "invalid-request",
      "The query parameters are not valid: see errors",
      {
        errors: problems.slice(0, 20),
      },
    );
  }
  return { h, levels, covariates, known };
}

/**
 * Reads a CSV body and its query string into a forecast request.
 *
 * @param body the CSV bytes
 * @param query the query string
 * @param limits the request limits
 * @returns the request (one series, with its timestamps)
 * @throws {ProblemError} 422 for bad parameters or data the CSV loader refuses, 413 for too long a series
 * @example Usage
 * ```ts
 * import { csvForecastRequest, DEFAULT_LIMITS } from "@chronos-deno/chronos-deno/serve";
 * const csv = "timestamp,target\n2024-01-01T00:00:00Z,1\n2024-01-01T01:00:00Z,2\n";
 * const r = await csvForecastRequest(new TextEncoder().encode(csv),
 *   new URLSearchParams("prediction_length=3"), DEFAULT_LIMITS.request);
 * if (r.series[0]!.target.length !== 2 || r.predictionLength !== 3) throw new Error();
 * ```
 */
export async function csvForecastRequest(
  body: Uint8Array,
  query: URLSearchParams,
  limits: RequestLimits,
): Promise<ForecastRequest> {
  const q = readQuery(query, limits);
  let input;
  try {
    input = await csvForecastInput("request body", {
      content: body,
      predictionLength: q.h,
      covariates: q.covariates,
      known: q.known,
      timestampColumn: query.get("timestamp_column") ?? "timestamp",
      targetColumn: query.get("target") ?? "target",
      dateFormat: query.get("date_format") ?? "iso",
      ...(query.has("utc_offset") ? { utcOffset: query.get("utc_offset")! } : {}),
    });
  } catch (err) {
    if (!(err instanceof DataValidationError || err instanceof RangeError)) throw err;
    const detail = err.message.length > 2000 ? `${err.message.slice(0, 2000)}…` : err.message;
    throw new ProblemError(422, "invalid-data", detail, {
      errors: err instanceof DataValidationError
        ? err.problems.slice(0, 20).map((p) => ({ pointer: "/", detail: p.message }))
        : [],
    });
  }
  if (input.target.length > limits.maxSeriesLength) {
    throw new ProblemError(
      413,
      "series-too-long",
      `The series has ${input.target.length} rows: send at most the last ${limits.maxSeriesLength}`,
    );
  }
  const series: ServeSeries = { target: plain(input.target) };
  if (input.pastCovariates) {
    (series as { pastCovariates?: ServeSeries["pastCovariates"] }).pastCovariates = Object
      .fromEntries(Object.entries(input.pastCovariates).map(([k, v]) => [k, plain(v)]));
  }
  if (input.futureCovariates) {
    (series as { futureCovariates?: ServeSeries["futureCovariates"] }).futureCovariates = Object
      .fromEntries(Object.entries(input.futureCovariates).map(([k, v]) => [k, plain(v)]));
  }
  const out: ForecastRequest = {
    series: [series],
    timestamps: [Array.from(input.timestamps, (t) => formatTimestamp(t, input.utcOffsetMinutes))],
    predictionLength: q.h,
    quantileLevels: q.levels,
  };
  const model = query.get("model");
  if (model) out.model = model;
  return out;
}
