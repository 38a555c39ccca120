/**
 * The terminal table of an evaluation: one row per model (Chronos-2 and the
 * baselines, all on the same origins) with its accuracy and throughput.
 *
 * @module
 */

import { formatTable } from "../cli/format_table.ts";
import type { EvaluationResults, ModelResult } from "../results/schema.ts";

/** Column titles of {@linkcode formatResultsTable}, in order. */
export const RESULTS_TABLE_HEADER: readonly string[] = [
  "model",
  "n",
  "RMSE",
  "MAE",
  "R²",
  "MAPE %",
  "WAPE %",
  "sMAPE %",
  "MASE",
  "WQL",
  "coverage",
  "windows/s",
];

/**
 * Formats the models of a results file as an aligned table (a `–` where a
 * value does not apply, e.g. WQL for a point forecast).
 *
 * @param results the evaluation results
 * @returns the table text, ending with a newline
 * @example Usage
 * ```ts
 * import { formatResultsTable } from "@chronos-deno/chronos-deno/evaluate";
 * import { match } from "node:assert/strict";
 * const metrics = { n: 2, rmse: 1.5, mae: 1, r2: 0.5, mape: 10, mapeSkipped: 0, wape: 9,
 *   smape: 8, mase: NaN, wql: NaN, coverage: NaN };
 * const text = formatResultsTable({ models: [{ name: "persistence", kind: "baseline",
 *   metrics, point: [] }] } as never);
 * match(text, /persistence\s+2\s+1\.500/);
 * ```
 */
export function formatResultsTable(results: Pick<EvaluationResults, "models">): string {
  const rows = results.models.map((m) => tableRow(m));
  return formatTable(RESULTS_TABLE_HEADER, rows);
}

function tableRow(m: ModelResult): string[] {
  const s = m.metrics;
  return [
    m.name,
    String(s.n),
    fixed(s.rmse, 3),
    fixed(s.mae, 3),
    fixed(s.r2, 4),
    fixed(s.mape, 2),
    fixed(s.wape, 2),
    fixed(s.smape, 2),
    fixed(s.mase, 3),
    fixed(s.wql, 4),
    fixed(s.coverage, 3),
    m.timing ? rate(m.timing.windowsPerSecond) : "–",
  ];
}

function fixed(x: number | null | undefined, digits: number): string {
  return typeof x === "number" && Number.isFinite(x) ? x.toFixed(digits) : "–";
}

function rate(x: number): string {
  if (!Number.isFinite(x)) return "–";
  return x >= 100 ? x.toFixed(0) : x.toFixed(1);
}
