/**
 * Zero-shot evaluation of Chronos-2 over a chronological split: origins
 * spread over the split, each window's rows by covariate mode, batched
 * forecasting through the window kernel, scoring with the metric kernel
 * beside the baselines on the same origins, the results file, the tracked
 * run, and Ctrl-C handling. The model is injected (lib/ never imports
 * models/): pass a Chronos-2 pipeline and its `interpolateQuantiles`.
 *
 * @example Usage
 * ```ts
 * import { evaluationOrigins, windowRows } from "./mod.ts";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(evaluationOrigins({ start: 10, end: 20 }, { horizon: 1, maxPredictions: 2 }), [10, 19]);
 * const rows = windowRows({ targetName: "y", target: [1, 2], covariates: [] }, "none");
 * deepEqual(rows.names, ["y"]);
 * ```
 *
 * @module
 */

export * from "./baseline_forecasts.ts";
export * from "./covariate_rows.ts";
export * from "./forecast_windows.ts";
export * from "./interrupt.ts";
export * from "./kernel_paths.ts";
export * from "./origins.ts";
export * from "./results_table.ts";
export * from "./run_record.ts";
export * from "./score.ts";
export * from "./zero_shot.ts";
