/**
 * The service's metrics: requests by route, method and status, latency per
 * route, model calls (requests and rows per call, seconds), queue depth,
 * cache hits and misses, in-flight requests.
 *
 * @module
 */

import { type Histogram, type LabelledValue, MetricsRegistry } from "./metrics.ts";

/** The metric handles the service updates. */
export interface ServiceMetrics {
  /** The registry, for rendering. */
  registry: MetricsRegistry;
  /** `chronos_http_requests_total{route,method,status}`. */
  requests: LabelledValue;
  /** `chronos_http_request_duration_seconds{route}`. */
  latency: Histogram;
  /** `chronos_batch_requests`: requests per model call. */
  batchRequests: Histogram;
  /** `chronos_batch_rows`: rows per model call. */
  batchRows: Histogram;
  /** `chronos_model_call_seconds`. */
  modelSeconds: Histogram;
  /** `chronos_cache_hits_total`. */
  cacheHits: LabelledValue;
  /** `chronos_cache_misses_total`. */
  cacheMisses: LabelledValue;
  /** `chronos_model_reloads_total{result}`. */
  reloads: LabelledValue;
}

/**
 * Creates the service's metrics.
 *
 * @param read live values: queue depth and in-flight requests
 * @returns the handles
 * @example Usage
 * ```ts
 * import { createServiceMetrics } from "@chronos-deno/chronos-deno/serve";
 * const m = createServiceMetrics({ queueDepth: () => 3, inFlight: () => 1 });
 * if (!m.registry.render().includes("chronos_queue_depth 3")) throw new Error();
 * ```
 */
export function createServiceMetrics(
  read: { queueDepth: () => number; inFlight: () => number },
): ServiceMetrics {
  const r = new MetricsRegistry();
  const sizes = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
  const m: ServiceMetrics = {
    registry: r,
    requests: r.counter("chronos_http_requests_total", "HTTP requests by route, method and status"),
    latency: r.histogram(
      "chronos_http_request_duration_seconds",
      "Time from arrival to answer, by route",
      [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    ),
    batchRequests: r.histogram("chronos_batch_requests", "Requests gathered per model call", sizes),
    batchRows: r.histogram(
      "chronos_batch_rows",
      "Rows (targets + covariates) per model call",
      sizes,
    ),
    modelSeconds: r.histogram(
      "chronos_model_call_seconds",
      "Seconds per model call",
      [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    ),
    cacheHits: r.counter("chronos_cache_hits_total", "Forecasts answered from the cache"),
    cacheMisses: r.counter("chronos_cache_misses_total", "Forecasts the cache did not have"),
    reloads: r.counter("chronos_model_reloads_total", "Model reloads by result"),
  };
  r.gauge("chronos_queue_depth", "Requests waiting for the model", read.queueDepth);
  r.gauge("chronos_http_in_flight", "Requests being answered", read.inFlight);
  return m;
}
