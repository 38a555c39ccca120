/**
 * Forecast metrics, one engine: the metric kernel's sums (CPU float64 or
 * WebGPU) turned into RMSE, MAE, R², MAPE, WAPE, sMAPE, MASE, pinball loss,
 * WQL and coverage; a scorer that picks the path once per evaluation; the
 * seasonal scale of MASE.
 *
 * @example Usage
 * ```ts
 * import { scoreForecasts, seasonalScale } from "@chronos-deno/chronos-deno/metrics";
 * import assert from "node:assert/strict";
 * const scale = seasonalScale([1, 2, 3, 4], 1);
 * const m = scoreForecasts({ actual: [5, 6], point: [4, 6], maseScale: scale });
 * assert.equal(m.mase, 0.5);
 * ```
 *
 * @module
 */

export * from "./score.ts";
export * from "./seasonal_scale.ts";
export type { MetricSet } from "../results/schema.ts";
