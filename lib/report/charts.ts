/**
 * The report's figures about forecasts, drawn from a comparison: actual vs
 * forecast with the central interval over a week, error by hour of day and by
 * load type. Each returns an `<svg>` string; a model keeps its colour in
 * every figure (see also metric_charts.ts and figures.ts).
 *
 * @module
 */

import {
  chooseWeek,
  errorByHour,
  errorBySegment,
  forecastSeries,
  offsetMinutesOf,
} from "./chart_data.ts";
import {
  bestBandModel,
  forecastModels,
  ONE_HOUR_MS,
  pct,
  utcOffsetText,
} from "./_chart_helpers.ts";
import type { ColumnKey } from "./columns.ts";
import type { Comparison } from "./comparison.ts";
import { groupedBarChart } from "./svg/grouped_bar_chart.ts";
import { lineChart, type LineSeries } from "./svg/line_chart.ts";
import { ACTUAL_COLOR, seriesColor } from "./svg/palette.ts";
import { formatTimeTick } from "./svg/scale.ts";

/** Options of the report's figures. */
export interface ReportChartOptions {
  /**
   * First day (YYYY-MM-DD, plant time) of the week in the forecast figure.
   * @default the week with the most forecast steps
   */
  week?: string;
  /**
   * Models in the forecast figure, by name.
   * @default the non-baseline models and the skill reference (all models when there are only baselines)
   */
  models?: readonly string[];
  /**
   * Models whose central interval is shaded in the forecast figure, by name.
   * @default the plotted model with quantiles and the lowest WQL
   */
  bandModels?: readonly string[];
  /**
   * Local time's offset from UTC in minutes.
   * @default the offset the results' timestamps are written with
   */
  offsetMinutes?: number;
  /**
   * What the results' segments are (a dataset spec's `segmentLabel` and `segmentOrder`),
   * for the error-by-segment figure.
   * @default {label "segment", sorted}
   */
  segment?: { label: string; order?: readonly string[] };
  /**
   * Width of the wide figures in px.
   * @default 1040
   */
  width?: number;
  /**
   * Metrics in the bar chart figure.
   * @default RMSE, MAE, WAPE, WQL, MASE and skill, those with a known value
   */
  metrics?: readonly ColumnKey[];
}

/**
 * The colour a model has in every figure (by its position in the comparison).
 *
 * @param comparison the comparison
 * @param name the model's name
 * @returns a CSS colour
 * @example Usage
 * ```ts
 * import { modelColor } from "@chronos-deno/chronos-deno/report";
 * import type { Comparison } from "@chronos-deno/chronos-deno/report";
 * import { equal } from "node:assert/strict";
 * const c = { models: [{ name: "p", kind: "baseline" }, { name: "z", kind: "zero-shot" }] };
 * equal(modelColor(c as Comparison, "z"), "#0072B2");
 * equal(modelColor(c as Comparison, "p"), "#D55E00");
 * ```
 */
export function modelColor(comparison: Comparison, name: string): string {
  // Learned models take the first (strongest) colours, baselines the next ones.
  const learned = comparison.models.filter((m) => m.kind !== "baseline");
  const baselines = comparison.models.filter((m) => m.kind === "baseline");
  const i = learned.findIndex((m) => m.name === name);
  const j = baselines.findIndex((m) => m.name === name);
  return seriesColor(i >= 0 ? i : j >= 0 ? learned.length + j : 0);
}

/**
 * Actual values and forecasts over one week, with each quantile model's
 * central interval (10–90 % by default) shaded.
 *
 * @param comparison the comparison
 * @param options week, models, offset, width
 * @returns the `<svg>`
 * @throws {RangeError} when the week is malformed or empty, or a model name is unknown
 * @example Usage
 * ```ts
 * import { forecastWeekChart } from "@chronos-deno/chronos-deno/report";
 * import { compareResults } from "@chronos-deno/chronos-deno/report";
 * import { parseResults } from "@chronos-deno/chronos-deno/results";
 * import { match } from "node:assert/strict";
 * const results = parseResults(JSON.stringify({
 *   schema: "chronos-deno/results@1", task: "baselines", createdAt: "2024-01-01T00:00:00Z",
 *   config: { data: "d.csv", split: "test", contextLength: 8, predictionLength: 1,
 *     covariates: "none", quantileLevels: [] },
 *   origins: [1, 2], timestamps: ["2018-11-01T00:15:00+09:00", "2018-11-01T00:30:00+09:00"],
 *   actuals: [[3], [4]],
 *   models: [{ name: "persistence", kind: "baseline", metrics: { n: 2, rmse: 1, mae: 1 },
 *     point: [[2], [3]] }],
 * }), "r.json");
 * const svg = forecastWeekChart(compareResults([{ source: "r.json", label: "r", results }]));
 * match(svg, /data-series="actual"/);
 * ```
 */
export function forecastWeekChart(
  comparison: Comparison,
  options: ReportChartOptions = {},
): string {
  const offset = options.offsetMinutes ?? offsetMinutesOf(comparison);
  const week = chooseWeek(comparison, options.week, { offsetMinutes: offset });
  const models = forecastModels(comparison, options.models);
  const banded = options.bandModels ?? bestBandModel(models);
  const series: LineSeries[] = [];
  let actual: LineSeries | undefined;
  for (const m of models) {
    const s = forecastSeries(comparison, m, week.start, week.end);
    actual ??= { name: "actual", x: s.x, y: s.actual, color: ACTUAL_COLOR, strokeWidth: 2.2 };
    const band = s.bandLevels && banded.includes(m.name)
      ? {
        band: {
          lower: s.lower,
          upper: s.upper,
          label: `${m.name} ${pct(s.bandLevels[0])}–${pct(s.bandLevels[1])} %`,
        },
      }
      : {};
    series.push({
      name: m.name,
      x: s.x,
      y: s.point,
      color: modelColor(comparison, m.name),
      strokeWidth: 1.6,
      dashed: m.kind === "baseline",
      ...band,
    });
  }
  const first = formatTimeTick(week.start + 1, offset, true);
  // Zoom in on the forecasts when they cover only part of the week (sparse origins).
  const xs = series.flatMap((s) => Array.from(s.x)).filter(Number.isFinite);
  const pad = comparison.frequencyMs ?? ONE_HOUR_MS; // one step (an hour when unknown) of margin
  const xDomain: [number, number] = xs.length > 0
    ? [Math.max(week.start, Math.min(...xs) - pad), Math.min(week.end, Math.max(...xs) + pad)]
    : [week.start, week.end];
  return lineChart(actual ? [actual, ...series] : series, {
    title: `Actual vs forecast, week from ${first} ${week.day.slice(0, 4)}`,
    description: `Actual energy use and forecasts (${
      models.map((m) => m.name).join(", ")
    }) per ${comparison.predictionLength}-step window, week starting ${week.day}`,
    xLabel: `Time (plant time, ${utcOffsetText(offset)})`,
    yLabel: "Energy (kWh)",
    xType: "time",
    timeOffsetMinutes: offset,
    xDomain,
    width: options.width ?? 1040,
    height: 440,
  });
}

/**
 * Mean absolute error of every model by hour of day (plant time).
 *
 * @param comparison the comparison
 * @param options offset, width
 * @returns the `<svg>`
 * @example Usage
 * ```ts
 * import { errorByHourChart } from "@chronos-deno/chronos-deno/report";
 * import type { Comparison } from "@chronos-deno/chronos-deno/report";
 * import { match } from "node:assert/strict";
 * const c = {
 *   timestamps: ["2018-11-01T09:00:00+09:00"], actuals: [[5]],
 *   models: [{ name: "m", result: { point: [[3]] } }],
 * } as unknown as Comparison;
 * match(errorByHourChart(c), /Hour of day/);
 * ```
 */
export function errorByHourChart(comparison: Comparison, options: ReportChartOptions = {}): string {
  const offset = options.offsetMinutes ?? offsetMinutesOf(comparison);
  const data = errorByHour(comparison, { offsetMinutes: offset });
  const hours = data.groups.map(Number);
  return lineChart(
    data.series.map((s) => ({
      name: s.name,
      x: hours,
      y: s.values,
      color: modelColor(comparison, s.name),
      markers: true,
      dashed: comparison.models.find((m) => m.name === s.name)?.kind === "baseline",
    })),
    {
      title: "Mean absolute error by hour of day",
      xLabel: `Hour of day (start of each interval, plant time ${utcOffsetText(offset)})`,
      yLabel: "MAE (kWh)",
      xDomain: [0, 23],
      xTicks: [0, 3, 6, 9, 12, 15, 18, 21, 23],
      xFormat: (v) => `${String(v).padStart(2, "0")}:00`,
      yIncludeZero: true,
      width: options.width ?? 1040,
      height: 400,
    },
  );
}

/**
 * Mean absolute error of every model by segment (of each window's first step).
 *
 * @param comparison the comparison
 * @param options width, the segments' name and order
 * @returns the `<svg>`, or `undefined` when the results carry no segments
 * @example Usage
 * ```ts
 * import { errorBySegmentChart } from "@chronos-deno/chronos-deno/report";
 * import type { Comparison } from "@chronos-deno/chronos-deno/report";
 * import { equal } from "node:assert/strict";
 * equal(errorBySegmentChart({ actuals: [], models: [] } as unknown as Comparison), undefined);
 * ```
 */
export function errorBySegmentChart(
  comparison: Comparison,
  options: ReportChartOptions = {},
): string | undefined {
  const data = errorBySegment(comparison, options.segment?.order);
  if (!data) return undefined;
  const label = options.segment?.label ?? "segment";
  return groupedBarChart(
    data.groups.map((g, i) => `${g.replace(/_/g, " ")} (n = ${data.counts[i]})`),
    data.series.map((s) => ({
      name: s.name,
      values: s.values,
      color: modelColor(comparison, s.name),
    })),
    {
      title: `Mean absolute error by ${label}`,
      xLabel: `${label[0]!.toUpperCase()}${label.slice(1)} (n = scored steps)`,
      yLabel: "MAE (kWh)",
      width: options.width ?? 1040,
      height: 400,
      format: (v) => v.toFixed(2),
    },
  );
}
