/**
 * Vertical grouped bar chart: one group per category (e.g. a load type), one
 * bar per series (e.g. a model) inside each group, a legend on top.
 *
 * @module
 */

import { el, INK, text } from "./_svg.ts";
import { finishChart, FONT_SIZE, legendFrame, valueTicks, xAxisTitle } from "./_chart_frame.ts";
import { yAxis } from "./axes.ts";
import { seriesColor } from "./palette.ts";
import { linearScale, niceDomain } from "./scale.ts";

/** One series of bars, a value per group. */
export interface BarSeries {
  /** Name shown in the legend. */
  name: string;
  /** One value per group; NaN draws no bar. */
  values: readonly number[];
  /**
   * Fill colour.
   * @default the palette colour of the series' position
   */
  color?: string;
}

/** Titles and size of a grouped bar chart. */
export interface GroupedBarChartOptions {
  /** Chart title (also the accessible name). */
  title: string;
  /** Title of the category axis. */
  xLabel: string;
  /** Value axis title with unit. */
  yLabel: string;
  /**
   * Longer description for screen readers.
   * @default the title
   */
  description?: string;
  /**
   * Width in px.
   * @default 960
   */
  width?: number;
  /**
   * Height in px.
   * @default 380
   */
  height?: number;
  /**
   * Write each value above its bar (skipped automatically when bars are too narrow).
   * @default true
   */
  valueLabels?: boolean;
  /**
   * Text of a value label.
   * @default the value with 3 significant digits
   */
  format?: (value: number) => string;
}

/**
 * Draws a grouped bar chart.
 *
 * @param groups category names, left to right
 * @param series the bar series, each with one value per group
 * @param options titles and size
 * @returns an `<svg>` element as text; each bar is a `rect.bar`
 * @throws {RangeError} when a series does not have one value per group
 * @example Usage
 * ```ts
 * import { groupedBarChart } from "@chronos-deno/chronos-deno/report";
 * import { equal } from "node:assert/strict";
 * const svg = groupedBarChart(["Light", "Medium"], [
 *   { name: "a", values: [1, 2] }, { name: "b", values: [3, 4] },
 * ], { title: "MAE", xLabel: "Load type", yLabel: "MAE (kWh)" });
 * equal(svg.match(/class="bar"/g)?.length, 4);
 * ```
 */
export function groupedBarChart(
  groups: readonly string[],
  series: readonly BarSeries[],
  options: GroupedBarChartOptions,
): string {
  for (const s of series) {
    if (s.values.length !== groups.length) {
      throw new RangeError(
        `Cannot draw series "${s.name}": it has ${s.values.length} values for ${groups.length} groups`,
      );
    }
  }
  const width = options.width ?? 960;
  const height = options.height ?? 380;
  const fs = FONT_SIZE;
  const format = options.format ?? ((v: number) => v.toPrecision(3));
  const values = series.flatMap((s) => s.values.filter(Number.isFinite));
  const [lo, hi] = niceDomain(Math.min(0, ...values), Math.max(0, ...values), 5);
  const { ticks, format: tickFormat } = valueTicks(lo, hi, 5);
  const { legend, area } = legendFrame(
    series.map((s, i) => ({ label: s.name, color: s.color ?? seriesColor(i), shape: "box" })),
    ticks.map(tickFormat),
    { width, height },
    18,
  );
  const sy = linearScale([lo, hi], [area.top + area.height, area.top]);
  let body = yAxis(area, sy, { label: options.yLabel, ticks, format: tickFormat, fontSize: fs });
  const groupW = area.width / Math.max(1, groups.length);
  const barW = (groupW * 0.8) / Math.max(1, series.length);
  const showValues = (options.valueLabels ?? true) && barW >= 30;
  const zero = sy.map(0);
  groups.forEach((g, gi) => {
    const x0 = area.left + gi * groupW + groupW * 0.1;
    series.forEach((s, si) => {
      const v = s.values[gi]!;
      if (!Number.isFinite(v)) return;
      const y = sy.map(v);
      const x = x0 + si * barW;
      body += el("rect", {
        class: "bar",
        "data-group": g,
        "data-series": s.name,
        "data-value": String(v),
        x: x + 1,
        y: Math.min(y, zero),
        width: Math.max(1, barW - 2),
        height: Math.max(1, Math.abs(zero - y)),
        fill: s.color ?? seriesColor(si),
        rx: 2,
      });
      if (showValues) {
        body += text(x + barW / 2, (v >= 0 ? y : zero) - 4, format(v), {
          "text-anchor": "middle",
          "font-size": 11,
          fill: INK.muted,
          class: "value-label",
        });
      }
    });
    body += text(area.left + (gi + 0.5) * groupW, area.top + area.height + 8 + fs, g, {
      "text-anchor": "middle",
      "font-size": fs,
      fill: INK.text,
      class: "category-label",
    });
  });
  body += el("line", {
    x1: area.left,
    x2: area.left + area.width,
    y1: zero,
    y2: zero,
    stroke: INK.axis,
  });
  body += xAxisTitle(area, options.xLabel, fs);
  return finishChart(body + legend, {
    width,
    height,
    title: options.title,
    description: options.description,
    titleX: area.left,
    titleSize: 16,
  });
}
