/**
 * The results of an evaluation, in one module: the schema every task writes
 * (baselines, zero-shot, fine-tuned, GBDT, ensembles), writing it (file name,
 * JSON with NaN as `null`), reading it back with every field validated, and
 * the error raised when results evaluated on different windows are compared.
 *
 * @example Usage
 * ```ts
 * import { parseResults, resultsToJson, RESULTS_SCHEMA } from "@chronos-deno/chronos-deno/results";
 * import type { EvaluationResults } from "@chronos-deno/chronos-deno/results";
 * import { ok } from "node:assert/strict";
 * const results: EvaluationResults = {
 *   schema: RESULTS_SCHEMA, task: "baselines", createdAt: "2024-01-01T00:00:00Z",
 *   config: { data: "d.csv", split: "test", contextLength: 8, predictionLength: 1,
 *     covariates: "none", quantileLevels: [] },
 *   origins: [5], timestamps: ["2024-01-01T00:15:00Z"], actuals: [[NaN]],
 *   models: [{ name: "persistence", kind: "baseline", point: [[1]],
 *     metrics: { n: 1, rmse: 0.5, mae: 0.5, r2: NaN } as never }],
 * };
 * const back = parseResults(resultsToJson(results), "r.json"); // NaN is written as null
 * ok(Number.isNaN(back.actuals[0]![0]) && Number.isNaN(back.models[0]!.metrics.r2));
 * ```
 *
 * @module
 */

export * from "./incompatible_results_error.ts";
export * from "./read.ts";
export * from "./schema.ts";
export * from "./write.ts";
