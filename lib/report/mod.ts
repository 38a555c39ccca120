/**
 * Model comparison reports: read results files, check they were evaluated on
 * the same windows, build the table (best per column, skill vs persistence),
 * draw the figures as SVG and write Markdown and self-contained HTML. Every
 * step is a function, so a script or a notebook (`deno jupyter`) can draw the
 * same figures from its own results.
 *
 * @example Usage
 * ```ts
 * import { compareResults, formatComparisonTable, parseResults } from "@chronos-deno/chronos-deno/report";
 * import { match } from "node:assert/strict";
 * const results = parseResults(JSON.stringify({
 *   schema: "chronos-deno/results@1", task: "baselines", createdAt: "2024-01-01T00:00:00Z",
 *   config: { data: "d.csv", split: "test", contextLength: 8, predictionLength: 1,
 *     covariates: "none", quantileLevels: [] },
 *   origins: [1, 2], timestamps: ["2018-11-01T00:15:00+09:00", "2018-11-01T00:30:00+09:00"],
 *   actuals: [[3], [4]],
 *   models: [
 *     { name: "persistence", kind: "baseline", metrics: { n: 2, rmse: 1, mae: 1 }, point: [[2], [3]] },
 *     { name: "mean", kind: "baseline", metrics: { n: 2, rmse: 2, mae: 2 }, point: [[1], [2]] },
 *   ],
 * }), "r.json");
 * const table = formatComparisonTable(compareResults([{ source: "r.json", label: "r", results }]));
 * match(table, /persistence +baseline +1\.000[*]/);
 * ```
 *
 * @module
 */

export * from "../results/mod.ts";
export * from "./gather_results.ts";
export * from "./columns.ts";
export * from "./comparable.ts";
export * from "./comparison.ts";
export * from "./table.ts";
export * from "./summary.ts";
export * from "./chart_data.ts";
export * from "./charts.ts";
export * from "./metric_charts.ts";
export * from "./figures.ts";
export * from "./markdown.ts";
export * from "./html.ts";
export * from "./write_report.ts";
export * from "./svg/mod.ts";
