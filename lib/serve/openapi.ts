/**
 * The OpenAPI 3.1 document of the service (`GET /openapi.json`): every route,
 * the request schema that the service validates with (the same object), the
 * answer schemas and the problem-details errors.
 *
 * @module
 */

import { CSV_QUERY_PARAMETERS } from "./csv_request.ts";
import type { RequestLimits } from "./limits.ts";
import { forecastRequestSchema } from "./request_schema.ts";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function problems(...statuses: number[]): Record<string, unknown> {
  return Object.fromEntries(statuses.map((s) => [String(s), {
    description: "Problem details (RFC 9457)",
    content: { "application/problem+json": { schema: ref("Problem") } },
  }]));
}

const textOk = (type: string, description: string) => ({
  "200": { description, content: { [type]: { schema: { type: "string" } } } },
});

/**
 * Builds the OpenAPI document.
 *
 * @param limits the request limits (they appear in the schema)
 * @param options whether a bearer token is required
 * @returns the document as a plain object
 * @example Usage
 * ```ts
 * import { DEFAULT_LIMITS, openApiDocument } from "@chronos-deno/chronos-deno/serve";
 * const doc = openApiDocument(DEFAULT_LIMITS.request) as { paths: Record<string, unknown> };
 * if (!("/v1/forecast" in doc.paths)) throw new Error();
 * ```
 */
export function openApiDocument(
  limits: RequestLimits,
  options: { tokenRequired?: boolean } = {},
): Record<string, unknown> {
  const { $schema: _s, ...request } = forecastRequestSchema(limits);
  const secured = options.tokenRequired ? { security: [{ bearer: [] }] } : {};
  const series = { type: "array", items: { type: "number" } };
  return {
    openapi: "3.1.0",
    info: {
      title: "chronos-deno forecast service",
      version: "1",
      description: "Chronos-2 forecasts over HTTP, with request batching, caching and backpressure",
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        ForecastRequest: request,
        ForecastResponse: {
          type: "object",
          required: ["model", "forecasts"],
          properties: {
            model: { type: "string" },
            forecasts: {
              type: "array",
              items: {
                type: "object",
                required: ["quantiles", "mean"],
                properties: {
                  quantiles: { type: "object", additionalProperties: series },
                  mean: series,
                  timestamps: { type: "array", items: { type: "string" } },
                },
              },
            },
          },
        },
        Models: {
          type: "object",
          properties: {
            models: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  name: { type: "string" },
                  folder: { type: "string" },
                  loadedAt: { type: "string", format: "date-time" },
                  generation: { type: "integer" },
                  default: { type: "boolean" },
                  config: { type: "object" },
                },
              },
            },
          },
        },
        Problem: {
          type: "object",
          required: ["type", "title", "status", "detail"],
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            instance: { type: "string" },
            errors: {
              type: "array",
              items: {
                type: "object",
                properties: { pointer: { type: "string" }, detail: { type: "string" } },
              },
            },
          },
        },
      },
    },
    paths: {
      "/v1/forecast": {
        post: {
          summary: "Forecast series (official pipeline input shape, or one CSV series)",
          ...secured,
          parameters: CSV_QUERY_PARAMETERS.map((name) => ({
            name,
            in: "query",
            required: false,
            description: "For text/csv bodies only (prediction_length is then required)",
            schema: { type: "string" },
          })),
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: ref("ForecastRequest") },
              "text/csv": { schema: { type: "string" } },
            },
          },
          responses: {
            "200": {
              description:
                "One forecast per input, in input order (SVG chart with Accept: image/svg+xml)",
              content: {
                "application/json": { schema: ref("ForecastResponse") },
                "image/svg+xml": { schema: { type: "string" } },
              },
            },
            ...problems(400, 401, 404, 408, 413, 415, 422, 429, 503),
          },
        },
      },
      "/v1/models": {
        get: {
          summary: "The loaded models",
          ...secured,
          responses: {
            "200": {
              description: "Models",
              content: { "application/json": { schema: ref("Models") } },
            },
            ...problems(401),
          },
        },
      },
      "/v1/admin/reload": {
        post: {
          summary: "Reload a model (query model=NAME) or all, without dropping requests",
          security: [{ bearer: [] }],
          responses: {
            "200": {
              description: "Reloaded",
              content: { "application/json": { schema: ref("Models") } },
            },
            ...problems(401, 403, 404, 500),
          },
        },
      },
      "/healthz": {
        get: { summary: "The process answers", responses: textOk("text/plain", "ok") },
      },
      "/readyz": {
        get: {
          summary: "Every model is loaded and warm, and the service is not draining",
          responses: { ...textOk("text/plain", "ready"), ...problems(503) },
        },
      },
      "/metrics": {
        get: {
          summary: "Prometheus metrics",
          ...secured,
          responses: { ...textOk("text/plain", "Prometheus text format 0.0.4"), ...problems(401) },
        },
      },
      "/openapi.json": {
        get: { summary: "This document", responses: textOk("application/json", "OpenAPI 3.1") },
      },
      "/": {
        get: {
          summary: "A page to forecast a CSV and see the band",
          responses: textOk("text/html", "page"),
        },
      },
    },
  };
}
