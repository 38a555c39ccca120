/**
 * Forecast metrics in float64: the reference that GPU kernels are checked against.
 *
 * @example Usage
 * ```ts
 * import { computeMetrics, seasonalScale } from "./mod.ts";
 * import assert from "node:assert/strict";
 * const scale = seasonalScale([1, 2, 3, 4], 1);
 * const m = computeMetrics({ actual: [5, 6], point: [4, 6], maseScale: scale });
 * assert.equal(m.mase, 0.5);
 * ```
 *
 * @module
 */

export * from "./compute_metrics.ts";
export * from "./quantile_loss.ts";
export * from "./seasonal_scale.ts";
export type { MetricSet } from "../results/schema.ts";
