/**
 * The forecast service: an HTTP API over any {@linkcode ServedModel} with
 * request batching, a prediction cache, limits, problem-details errors,
 * Prometheus metrics, an OpenAPI document and a page to try it. Chronos-2
 * plugs in through `serveChronos2` (the `serve` task).
 *
 * ```ts
 * import { startServer } from "@chronos-deno/chronos-deno/serve";
 * const model = {
 *   name: "flat", folder: "-", summary: {},
 *   check() {},
 *   forecast: (series: readonly { target: readonly (number | null)[] }[], o: { predictionLength: number; quantileLevels: readonly number[] }) =>
 *     Promise.resolve(series.map((s) => {
 *       const last = s.target[s.target.length - 1] ?? 0;
 *       const mean = Array(o.predictionLength).fill(last);
 *       return { mean, quantiles: o.quantileLevels.map(() => mean) };
 *     })),
 *   release: () => Promise.resolve(),
 * };
 * const server = startServer({ models: ["flat"], loader: () => Promise.resolve(model), port: 0 });
 * await server.ready;
 * const r = await fetch(`${server.url}/v1/forecast`, {
 *   method: "POST", headers: { "content-type": "application/json" },
 *   body: JSON.stringify({ inputs: [{ target: [1, 2, 3] }], prediction_length: 2 }),
 * });
 * const answer = await r.json();
 * if (answer.forecasts[0].mean.join() !== "3,3") throw new Error();
 * await server.shutdown();
 * ```
 *
 * @module
 */

export * from "./auth.ts";
export * from "./batcher.ts";
export * from "./continue_timestamps.ts";
export * from "./csv_request.ts";
export * from "./forecast_chart.ts";
export * from "./forecast_service.ts";
export * from "./handlers.ts";
export * from "./limits.ts";
export * from "./lru_cache.ts";
export * from "./metrics.ts";
export * from "./model_registry.ts";
export * from "./openapi.ts";
export * from "./page.ts";
export * from "./problem.ts";
export * from "./read_body.ts";
export * from "./request_schema.ts";
export * from "./served_model.ts";
export * from "./server.ts";
export * from "./service_metrics.ts";
