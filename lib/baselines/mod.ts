/**
 * Baseline forecasters (persistence, seasonal naive, train mean), each a
 * `Forecaster` of lib/evaluate, the standard set every table shows, and the
 * baseline evaluation.
 *
 * @example Usage
 * ```ts
 * import { persistence } from "@chronos-deno/chronos-deno/baselines";
 * import assert from "node:assert/strict";
 * const y = new Float64Array([1, 2, 3, 4, 5]);
 * assert.deepEqual([3, 4].map((o) => persistence().forecastHistory(y.subarray(0, o), 1)[0]), [3, 4]);
 * ```
 *
 * @module
 */

export * from "./evaluate_baselines.ts";
export * from "./persistence.ts";
export * from "./seasonal_naive.ts";
export * from "./standard.ts";
export * from "./train_mean.ts";
export * from "./tracked_baselines.ts";
