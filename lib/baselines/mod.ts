/**
 * Baseline forecasters (persistence, seasonal naive, train mean), rolling
 * origins and the baseline evaluation.
 *
 * @example Usage
 * ```ts
 * import { persistence, rollingOrigins } from "./mod.ts";
 * import assert from "node:assert/strict";
 * const y = new Float64Array([1, 2, 3, 4, 5]);
 * const origins = rollingOrigins({ start: 3, end: 5 }, 1);
 * assert.deepEqual(origins.map((o) => persistence().forecast(y.subarray(0, o), 1)[0]), [3, 4]);
 * ```
 *
 * @module
 */

export * from "./evaluate_baselines.ts";
export * from "./forecaster.ts";
export * from "./persistence.ts";
export * from "./rolling_origins.ts";
export * from "./seasonal_naive.ts";
export * from "./train_mean.ts";
export type { EvaluationResults, ModelResult } from "../results/schema.ts";
