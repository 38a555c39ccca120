/**
 * Rolling-origin evaluation against one `Forecaster` interface: the
 * baselines (history rules), Chronos-2 (a batched model behind the window
 * kernel) and next the GBDT and ensembles all forecast the same origins and
 * are scored by one scorer. Origins spread over a chronological split, each
 * window's rows by covariate mode, batched forecasting, the zero-shot flow
 * (results file, tracked run, Ctrl-C handling). Models are injected (lib/
 * never imports models/), and nothing here knows the dataset.
 *
 * @example Usage
 * ```ts
 * import { evaluationOrigins, windowRows } from "@chronos-deno/chronos-deno/evaluate";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(evaluationOrigins({ start: 10, end: 20 }, { predictionLength: 1, maxPredictions: 2 }), [10, 19]);
 * const rows = windowRows({ targetName: "y", target: [1, 2], covariates: [] }, "none");
 * deepEqual(rows.names, ["y"]);
 * ```
 *
 * @module
 */

export * from "./covariate_rows.ts";
export * from "./evaluate_forecasters.ts";
export * from "./forecast_windows.ts";
export * from "./forecaster.ts";
export * from "./history_forecaster.ts";
export * from "./kernel_paths.ts";
export * from "./origins.ts";
export * from "./results_table.ts";
export * from "./rolling_origins.ts";
export * from "./run_record.ts";
export * from "./window_forecaster.ts";
export * from "./zero_shot.ts";
