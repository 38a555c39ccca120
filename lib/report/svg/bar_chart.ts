/**
 * Horizontal bar chart: one bar per category, names on the left, the value
 * written at the end of each bar; negative values extend left of zero.
 *
 * @module
 */

import { el, INK, text, textWidth } from "./_svg.ts";
import { finishChart, FONT_SIZE, valueTicks } from "./_chart_frame.ts";
import { xAxis } from "./axes.ts";
import { seriesColor } from "./palette.ts";
import { linearScale, niceDomain } from "./scale.ts";

/** One bar. */
export interface Bar {
  /** Category name, e.g. the model. */
  label: string;
  /** Bar length; NaN draws no bar and writes "n/a". */
  value: number;
  /**
   * Fill colour.
   * @default the palette colour of the bar's position
   */
  color?: string;
}

/** Titles and size of a bar chart. */
export interface BarChartOptions {
  /** Chart title (also the accessible name). */
  title: string;
  /** Value axis title with unit, e.g. `RMSE (kWh)`. */
  valueLabel: string;
  /**
   * Longer description for screen readers.
   * @default the title
   */
  description?: string;
  /**
   * Width in px.
   * @default 480
   */
  width?: number;
  /**
   * Height of one bar's row in px (the chart's height follows).
   * @default 30
   */
  rowHeight?: number;
  /**
   * Text written at the end of each bar.
   * @default the value with 3 significant digits
   */
  format?: (value: number) => string;
}

/**
 * Draws a horizontal bar chart.
 *
 * @param bars the bars, top to bottom
 * @param options titles and size
 * @returns an `<svg>` element as text; each bar is a `rect.bar`
 * @example Usage
 * ```ts
 * import { barChart } from "@chronos-deno/chronos-deno/report";
 * import { equal } from "node:assert/strict";
 * const svg = barChart([{ label: "a", value: 2 }, { label: "b", value: 3 }], {
 *   title: "RMSE", valueLabel: "RMSE (kWh)",
 * });
 * equal(svg.match(/class="bar"/g)?.length, 2);
 * ```
 */
export function barChart(bars: readonly Bar[], options: BarChartOptions): string {
  const width = options.width ?? 480;
  const rowH = options.rowHeight ?? 30;
  const fs = FONT_SIZE;
  const format = options.format ?? ((v: number) => (Number.isFinite(v) ? v.toPrecision(3) : "n/a"));
  const values = bars.map((b) => b.value).filter(Number.isFinite);
  const [lo, hi] = niceDomain(Math.min(0, ...values), Math.max(0, ...values), 4);
  const { ticks, format: tickFormat } = valueTicks(lo, hi, 4);
  const labelW = Math.max(...bars.map((b) => textWidth(b.label, fs)), 20);
  const valueW = Math.max(...bars.map((b) => textWidth(format(b.value), fs)), 20) + 8;
  const titleH = 34;
  const area = {
    left: Math.min(labelW + 20, width * 0.45),
    top: titleH + 4,
    width: 0,
    height: bars.length * rowH,
  };
  area.width = width - area.left - valueW - 12;
  const height = area.top + area.height + 56;
  const sx = linearScale([lo, hi], [area.left, area.left + area.width]);
  let body = xAxis(area, sx, {
    label: options.valueLabel,
    ticks,
    format: tickFormat,
    fontSize: fs,
  });
  const zero = sx.map(0);
  bars.forEach((b, i) => {
    const y = area.top + i * rowH;
    const mid = y + rowH / 2;
    body += text(area.left - 8, mid + fs * 0.35, b.label, {
      "text-anchor": "end",
      "font-size": fs,
      fill: INK.text,
      class: "category-label",
    });
    if (!Number.isFinite(b.value)) {
      body += text(zero + 6, mid + fs * 0.35, "n/a", { "font-size": fs, fill: INK.muted });
      return;
    }
    const end = sx.map(b.value);
    body += el("rect", {
      class: "bar",
      "data-label": b.label,
      "data-value": String(b.value),
      x: Math.min(zero, end),
      y: y + rowH * 0.18,
      width: Math.max(1, Math.abs(end - zero)),
      height: rowH * 0.64,
      fill: b.color ?? seriesColor(i),
      rx: 2,
    });
    // Negative bars keep their value right of the zero line, clear of the category names.
    body += text((b.value >= 0 ? end : zero) + 6, mid + fs * 0.35, format(b.value), {
      "font-size": fs,
      fill: INK.text,
      class: "value-label",
    });
  });
  if (lo < 0) {
    body += el("line", {
      x1: zero,
      x2: zero,
      y1: area.top,
      y2: area.top + area.height,
      stroke: INK.axis,
    });
  }
  return finishChart(body, {
    width,
    height,
    title: options.title,
    description: options.description,
    titleX: 12,
    titleSize: 15,
  });
}
