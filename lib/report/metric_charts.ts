/**
 * The report's summary figures: the main metrics as one bar chart per metric,
 * and the fine-tuning loss curves.
 *
 * @module
 */

import { modelColor, type ReportChartOptions } from "./charts.ts";
import { type ColumnKey, COMPARISON_COLUMNS, formatColumnValue } from "./columns.ts";
import type { Comparison, TrainingCurve } from "./comparison.ts";
import { barChart } from "./svg/bar_chart.ts";
import { lineChart, type LineSeries } from "./svg/line_chart.ts";
import { seriesColor } from "./svg/palette.ts";
import { panelGrid } from "./svg/panels.ts";

/**
 * The main metrics as one bar chart per metric, models in table order.
 *
 * @param comparison the comparison
 * @param options which metrics
 * @returns the `<svg>` (a grid of panels)
 * @example Usage
 * ```ts
 * import { metricsBarChart } from "@chronos-deno/chronos-deno/report";
 * import type { Comparison } from "@chronos-deno/chronos-deno/report";
 * import { match } from "node:assert/strict";
 * const c = {
 *   models: [{ name: "m" }], nominalCoverage: 0.8,
 *   rows: [{ name: "m", values: { rmse: 2, mae: 1 } }],
 * } as unknown as Comparison;
 * match(metricsBarChart(c, { metrics: ["rmse", "mae"] }), /RMSE \(kWh\)/);
 * ```
 */
export function metricsBarChart(comparison: Comparison, options: ReportChartOptions = {}): string {
  const wanted = options.metrics ?? ["rmse", "mae", "wape", "wql", "mase", "skill"];
  const columns = wanted
    .map((k) => COMPARISON_COLUMNS.find((c) => c.key === k)!)
    .filter((c) => comparison.rows.some((r) => Number.isFinite(r.values[c.key])));
  const panelW = Math.floor(((options.width ?? 1040) - 16) / 2);
  const scale = (key: ColumnKey) => (key === "skill" || key === "coverage" ? 100 : 1);
  const panels = columns.map((c) =>
    barChart(
      comparison.rows.map((r) => ({
        label: r.name,
        value: r.values[c.key] * scale(c.key),
        color: modelColor(comparison, r.name),
      })),
      {
        title: `${c.title} (${c.better === "higher" ? "higher" : "lower"} is better)`,
        valueLabel: c.unit ? `${c.title} (${c.unit})` : c.title,
        width: panelW,
        format: (v) => formatColumnValue(c.key, v / scale(c.key)),
      },
    )
  );
  return panelGrid(panels, {
    title: "Main metrics",
    columns: 2,
    description: `Bar charts of ${columns.map((c) => c.title).join(", ")} for each model`,
  });
}

/**
 * Fine-tuning curves: training loss per step and validation loss where
 * measured, one colour per run.
 *
 * @param curves the curves (`comparison.training`)
 * @param options width
 * @returns the `<svg>`, or `undefined` when there is no curve
 * @example Usage
 * ```ts
 * import { lossCurveChart } from "@chronos-deno/chronos-deno/report";
 * import { match } from "node:assert/strict";
 * const svg = lossCurveChart([{ name: "ft", source: "f", points: [
 *   { step: 1, loss: 2, valLoss: 2.5 }, { step: 2, loss: 1 },
 * ] }]);
 * match(svg ?? "", /validation loss/);
 * ```
 */
export function lossCurveChart(
  curves: readonly TrainingCurve[],
  options: ReportChartOptions = {},
): string | undefined {
  if (curves.length === 0) return undefined;
  const series: LineSeries[] = [];
  curves.forEach((c, i) => {
    const color = seriesColor(curves.length === 1 ? 0 : i);
    const label = curves.length === 1 ? "" : ` (${c.name})`;
    const train = c.points.filter((p) => p.loss !== undefined);
    const val = c.points.filter((p) => p.valLoss !== undefined);
    if (train.length > 0) {
      series.push({
        name: `training loss${label}`,
        x: train.map((p) => p.step),
        y: train.map((p) => p.loss!),
        color,
        strokeWidth: 1.5,
      });
    }
    if (val.length > 0) {
      series.push({
        name: `validation loss${label}`,
        x: val.map((p) => p.step),
        y: val.map((p) => p.valLoss!),
        color: curves.length === 1 ? seriesColor(1) : color,
        dashed: true,
        markers: true,
      });
    }
  });
  return lineChart(series, {
    title: curves.length === 1 ? `Fine-tuning loss: ${curves[0]!.name}` : "Fine-tuning loss",
    xLabel: "Optimizer step",
    xInteger: true,
    yLabel: "Loss (quantile loss)",
    width: options.width ?? 1040,
    height: 380,
  });
}
