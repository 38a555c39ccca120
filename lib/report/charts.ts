/**
 * The report's figures, drawn from a comparison: actual vs forecast with the
 * central interval over a week, error by hour of day and by load type, the
 * main metrics as bars, and fine-tuning loss curves. Each returns an `<svg>`
 * string; a model keeps its colour in every figure.
 *
 * @module
 */

import {
  chooseWeek,
  errorByHour,
  errorByLoadType,
  forecastSeries,
  PLANT_UTC_OFFSET_MINUTES,
} from "./chart_data.ts";
import { type ColumnKey, COMPARISON_COLUMNS, formatColumnValue } from "./columns.ts";
import type { ComparedModel, Comparison, TrainingCurve } from "./comparison.ts";
import { barChart } from "./svg/bar_chart.ts";
import { groupedBarChart } from "./svg/grouped_bar_chart.ts";
import { lineChart, type LineSeries } from "./svg/line_chart.ts";
import { ACTUAL_COLOR, seriesColor } from "./svg/palette.ts";
import { panelGrid } from "./svg/panels.ts";
import { formatTimeTick } from "./svg/scale.ts";

const ONE_HOUR_MS = 3_600_000;

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
   * Plant time's offset from UTC in minutes.
   * @default 540 (+09:00)
   */
  offsetMinutes?: number;
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

/** A figure of the report. */
export interface ReportFigure {
  /** File-name-safe id, e.g. `forecast_week`. */
  id: string;
  /** Title. */
  title: string;
  /** One or two sentences saying what is shown. */
  caption: string;
  /** The `<svg>` element. */
  svg: string;
}

/**
 * The colour a model has in every figure (by its position in the comparison).
 *
 * @param comparison the comparison
 * @param name the model's name
 * @returns a CSS colour
 * @example Usage
 * ```ts
 * import { modelColor } from "./charts.ts";
 * import type { Comparison } from "./comparison.ts";
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
 * import { forecastWeekChart } from "./charts.ts";
 * import { compareResults } from "./comparison.ts";
 * import { parseResults } from "./results_file.ts";
 * import { match } from "node:assert/strict";
 * const results = parseResults(JSON.stringify({
 *   schema: "chronos-deno/results@1", task: "baselines", createdAt: "2024-01-01T00:00:00Z",
 *   config: { data: "d.csv", split: "test", contextLength: 8, predictionLength: 1,
 *     covariates: "none", quantileLevels: [] },
 *   origins: [1, 2], timestamps: ["2018-11-01T00:15:00+09:00", "2018-11-01T00:30:00+09:00"],
 *   actuals: [[3], [4]],
 *   models: [{ name: "persistence", kind: "baseline", metrics: {}, point: [[2], [3]] }],
 * }), "r.json");
 * const svg = forecastWeekChart(compareResults([{ source: "r.json", label: "r", results }]));
 * match(svg, /data-series="actual"/);
 * ```
 */
export function forecastWeekChart(
  comparison: Comparison,
  options: ReportChartOptions = {},
): string {
  const offset = options.offsetMinutes ?? PLANT_UTC_OFFSET_MINUTES;
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
 * import { errorByHourChart } from "./charts.ts";
 * import type { Comparison } from "./comparison.ts";
 * import { match } from "node:assert/strict";
 * const c = {
 *   timestamps: ["2018-11-01T09:00:00+09:00"], actuals: [[5]],
 *   models: [{ name: "m", result: { point: [[3]] } }],
 * } as unknown as Comparison;
 * match(errorByHourChart(c), /Hour of day/);
 * ```
 */
export function errorByHourChart(comparison: Comparison, options: ReportChartOptions = {}): string {
  const offset = options.offsetMinutes ?? PLANT_UTC_OFFSET_MINUTES;
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
 * Mean absolute error of every model by load type (of each window's first step).
 *
 * @param comparison the comparison
 * @param options width
 * @returns the `<svg>`, or `undefined` when the results carry no load types
 * @example Usage
 * ```ts
 * import { errorByLoadTypeChart } from "./charts.ts";
 * import type { Comparison } from "./comparison.ts";
 * import { equal } from "node:assert/strict";
 * equal(errorByLoadTypeChart({ actuals: [], models: [] } as unknown as Comparison), undefined);
 * ```
 */
export function errorByLoadTypeChart(
  comparison: Comparison,
  options: ReportChartOptions = {},
): string | undefined {
  const data = errorByLoadType(comparison);
  if (!data) return undefined;
  return groupedBarChart(
    data.groups.map((g, i) => `${g.replace(/_/g, " ")} (n = ${data.counts[i]})`),
    data.series.map((s) => ({
      name: s.name,
      values: s.values,
      color: modelColor(comparison, s.name),
    })),
    {
      title: "Mean absolute error by load type",
      xLabel: "Load type (n = scored steps)",
      yLabel: "MAE (kWh)",
      width: options.width ?? 1040,
      height: 400,
      format: (v) => v.toFixed(2),
    },
  );
}

/**
 * The main metrics as one bar chart per metric, models in table order.
 *
 * @param comparison the comparison
 * @param options which metrics
 * @returns the `<svg>` (a grid of panels)
 * @example Usage
 * ```ts
 * import { metricsBarChart } from "./charts.ts";
 * import type { Comparison } from "./comparison.ts";
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
 * import { lossCurveChart } from "./charts.ts";
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

/**
 * Every figure the comparison supports, in report order (load type and loss
 * curves only when the results have them).
 *
 * @param comparison the comparison
 * @param options week, models, offset, width, metrics
 * @returns the figures
 * @throws {RangeError} when the week is malformed or empty
 * @example Usage
 * ```ts
 * import { reportFigures } from "./charts.ts";
 * import type { Comparison } from "./comparison.ts";
 * import { equal } from "node:assert/strict";
 * equal(typeof reportFigures, "function");
 * ```
 */
export function reportFigures(
  comparison: Comparison,
  options: ReportChartOptions = {},
): ReportFigure[] {
  const offset = utcOffsetText(options.offsetMinutes ?? PLANT_UTC_OFFSET_MINUTES);
  const banded = options.bandModels ??
    bestBandModel(forecastModels(comparison, options.models));
  const figures: ReportFigure[] = [
    {
      id: "forecast_week",
      title: "Actual vs forecast",
      caption: `Actual energy use (black) and each model's forecast over one week, plant time ` +
        `(${offset}); baselines are dashed.` +
        (banded.length > 0
          ? ` The shaded band is the ${pct(comparison.interval[0])}–${
            pct(comparison.interval[1])
          } % interval of ${banded.join(" and ")}.`
          : ""),
      svg: forecastWeekChart(comparison, options),
    },
    {
      id: "error_by_hour",
      title: "Error by hour of day",
      caption: "Mean absolute error of each model by hour of day, over every scored step.",
      svg: errorByHourChart(comparison, options),
    },
  ];
  const load = errorByLoadTypeChart(comparison, options);
  if (load) {
    figures.push({
      id: "error_by_load_type",
      title: "Error by load type",
      caption: "Mean absolute error of each model by the plant's load type at each window's start.",
      svg: load,
    });
  }
  figures.push({
    id: "main_metrics",
    title: "Main metrics",
    caption: "The main metrics of the table, one chart per metric.",
    svg: metricsBarChart(comparison, options),
  });
  const loss = lossCurveChart(comparison.training, options);
  if (loss) {
    figures.push({
      id: "finetuning_loss",
      title: "Fine-tuning loss",
      caption: "Training loss per optimizer step and validation loss where it was measured.",
      svg: loss,
    });
  }
  return figures;
}

function forecastModels(comparison: Comparison, names?: readonly string[]): ComparedModel[] {
  if (names) {
    return names.map((n) => {
      const m = comparison.models.find((x) => x.name === n);
      if (!m) {
        throw new RangeError(
          `Cannot plot model "${n}": the results have ${
            comparison.models.map((x) => `"${x.name}"`).join(", ")
          }`,
        );
      }
      return m;
    });
  }
  const learned = comparison.models.filter((m) => m.kind !== "baseline");
  if (learned.length === 0) return comparison.models;
  const ref = comparison.models.find((m) => m.name === comparison.reference);
  return ref ? [ref, ...learned] : learned;
}

function bestBandModel(models: readonly ComparedModel[]): string[] {
  const withBands = models.filter((m) => m.result.quantiles && m.quantileLevels.length > 1);
  if (withBands.length === 0) return [];
  const wql = (m: ComparedModel) =>
    Number.isFinite(m.result.metrics.wql) ? m.result.metrics.wql : Infinity;
  const best = withBands.reduce((a, b) => (wql(b) < wql(a) ? b : a));
  return [best.name];
}

function pct(level: number): string {
  return String(Math.round(level * 1000) / 10);
}

function utcOffsetText(minutes: number): string {
  const sign = minutes < 0 ? "−" : "+";
  const m = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(m / 60)).padStart(2, "0")}:${
    String(m % 60).padStart(2, "0")
  }`;
}
