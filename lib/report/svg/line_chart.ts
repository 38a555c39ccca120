/**
 * Line chart with optional shaded bands (e.g. a 10–90 % forecast interval),
 * a numeric or time x axis, a legend and labelled axes, as one SVG string.
 *
 * @module
 */

import { bandPath, el, esc, linePath, slug, textWidth } from "./_svg.ts";
import { finishChart, FONT_SIZE, legendFrame, valueTicks } from "./_chart_frame.ts";
import { xAxis, yAxis } from "./axes.ts";
import type { LegendItem } from "./legend.ts";
import { seriesColor } from "./palette.ts";
import {
  formatTick,
  formatTimeTick,
  linearScale,
  niceDomain,
  niceTicks,
  timeTicks,
} from "./scale.ts";

/** One line of a line chart. */
export interface LineSeries {
  /** Name shown in the legend. */
  name: string;
  /** x values (numbers, or epoch ms on a time axis). */
  x: ArrayLike<number>;
  /** y values; NaN leaves a gap. */
  y: ArrayLike<number>;
  /**
   * Line colour.
   * @default the palette colour of the series' position
   */
  color?: string;
  /**
   * Draw the line dashed.
   * @default false
   */
  dashed?: boolean;
  /**
   * Line width in px.
   * @default 2
   */
  strokeWidth?: number;
  /**
   * Draw a dot at each point.
   * @default false
   */
  markers?: boolean;
  /** A shaded band drawn under the line, e.g. the 10–90 % interval. */
  band?: {
    /** Lower edge per x. */
    lower: ArrayLike<number>;
    /** Upper edge per x. */
    upper: ArrayLike<number>;
    /** Legend label of the band. */
    label: string;
  };
}

/** Titles, size and axes of a line chart. */
export interface LineChartOptions {
  /** Chart title (also the accessible name). */
  title: string;
  /** x axis title with unit. */
  xLabel: string;
  /** y axis title with unit. */
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
   * @default 400
   */
  height?: number;
  /**
   * x values are numbers or instants (epoch ms).
   * @default "number"
   */
  xType?: "number" | "time";
  /**
   * UTC offset of the time axis labels, in minutes (+540 for +09:00).
   * @default 0
   */
  timeOffsetMinutes?: number;
  /**
   * x range shown.
   * @default the data's range
   */
  xDomain?: readonly [number, number];
  /**
   * y range shown.
   * @default the data's range (bands included), widened to round ticks
   */
  yDomain?: readonly [number, number];
  /**
   * Make the y range include 0.
   * @default false
   */
  yIncludeZero?: boolean;
  /**
   * x tick values.
   * @default round values, or hours/days on a time axis
   */
  xTicks?: readonly number[];
  /**
   * x values are whole numbers (steps, counts): ticks only at integers.
   * @default false
   */
  xInteger?: boolean;
  /**
   * x tick label.
   * @default round numbers, or dates/times on a time axis
   */
  xFormat?: (value: number) => string;
}

/**
 * Draws a line chart.
 *
 * @param series the lines (bands are drawn first, under every line)
 * @param options titles, size and axes
 * @returns an `<svg>` element as text; each line is a `path.line`, each band a `path.band`
 * @example Usage
 * ```ts
 * import { lineChart } from "@chronos-deno/chronos-deno/report";
 * import { match } from "node:assert/strict";
 * const svg = lineChart([{ name: "load", x: [0, 1, 2], y: [5, 7, 6] }], {
 *   title: "Load", xLabel: "Hour", yLabel: "Energy (kWh)",
 * });
 * match(svg, /<path class="line" data-series="load" d="M[^"]+L[^"]+L[^"]+"/);
 * ```
 */
export function lineChart(series: readonly LineSeries[], options: LineChartOptions): string {
  const width = options.width ?? 960;
  const height = options.height ?? 400;
  const fs = FONT_SIZE;
  const time = options.xType === "time";
  const offset = options.timeOffsetMinutes ?? 0;

  const xs = series.flatMap((s) => Array.from(s.x));
  const ys = series.flatMap((s) => [
    ...Array.from(s.y),
    ...(s.band ? [...Array.from(s.band.lower), ...Array.from(s.band.upper)] : []),
  ]);
  const [xMin, xMax] = options.xDomain ?? extent(xs);
  let [yLo, yHi] = extent(ys);
  if (options.yIncludeZero) [yLo, yHi] = [Math.min(0, yLo), Math.max(0, yHi)];
  const [yMin, yMax] = options.yDomain ?? niceDomain(yLo, yHi, 6);
  const { ticks: yTicks, format: yFormat } = valueTicks(yMin, yMax, 6);

  const items: LegendItem[] = [];
  series.forEach((s, i) => {
    const color = s.color ?? seriesColor(i);
    items.push({ label: s.name, color, shape: s.dashed ? "dashed" : "line" });
    if (s.band) items.push({ label: s.band.label, color, shape: "band" });
  });
  const { legend, area } = legendFrame(items, yTicks.map(yFormat), { width, height }, 10);
  const sx = linearScale([xMin, xMax], [area.left, area.left + area.width]);
  const sy = linearScale([yMin, yMax], [area.top + area.height, area.top]);

  let xTicks = options.xTicks;
  let xFormat = options.xFormat;
  if (time) {
    const t = timeTicks(xMin, xMax, offset, Math.max(4, Math.floor(area.width / 110)));
    xTicks ??= t.ticks;
    xFormat ??= (v) => formatTimeTick(v, offset, t.daily);
  }
  xTicks ??= niceTicks(xMin, xMax, Math.max(4, Math.floor(area.width / 90)));
  if (options.xInteger && !options.xTicks) {
    const whole = xTicks.filter(Number.isInteger);
    xTicks = whole.length >= 2 ? whole : niceTicks(Math.ceil(xMin), Math.floor(xMax), 1);
  }
  const xStep = xTicks.length > 1 ? xTicks[1]! - xTicks[0]! : 1;
  xFormat ??= (v) => formatTick(v, xStep);
  const fmtX = xFormat;
  // Drop ticks whose label would run off the chart's edges.
  xTicks = xTicks.filter((t) => {
    const half = textWidth(fmtX(t), fs) / 2;
    return sx.map(t) - half >= 2 && sx.map(t) + half <= width - 2;
  });

  const clip = `clip-${slug(options.title)}`;
  let body = el(
    "defs",
    {},
    `<clipPath id="${esc(clip)}">${
      // A few px of slack so markers and thick lines at the edges are not cut in half.
      el("rect", {
        x: area.left - 4,
        y: area.top - 4,
        width: area.width + 8,
        height: area.height + 8,
      })}</clipPath>`,
  );
  body += yAxis(area, sy, { label: options.yLabel, ticks: yTicks, format: yFormat, fontSize: fs });
  body += xAxis(area, sx, { label: options.xLabel, ticks: xTicks, format: xFormat, fontSize: fs });
  let bands = "";
  let lines = "";
  series.forEach((s, i) => {
    const color = s.color ?? seriesColor(i);
    const px = Array.from(s.x, (v) => sx.map(v));
    if (s.band) {
      const lo = Array.from(s.band.lower, (v) => sy.map(v));
      const hi = Array.from(s.band.upper, (v) => sy.map(v));
      bands += el("path", {
        class: "band",
        "data-series": s.name,
        d: bandPath(px, lo, hi),
        fill: color,
        "fill-opacity": 0.18,
        stroke: "none",
      });
    }
    const py = Array.from(s.y, (v) => sy.map(v));
    lines += el("path", {
      class: "line",
      "data-series": s.name,
      d: linePath(px, py),
      fill: "none",
      stroke: color,
      "stroke-width": s.strokeWidth ?? 2,
      "stroke-linejoin": "round",
      "stroke-dasharray": s.dashed ? "6 4" : undefined,
    });
    // Markers where asked, and always for isolated points, which a line cannot show.
    const ok = (k: number) => Number.isFinite(px[k] ?? NaN) && Number.isFinite(py[k] ?? NaN);
    lines += px.map((x, k) =>
      ok(k) && (s.markers || (!ok(k - 1) && !ok(k + 1)))
        ? el("circle", { class: "marker", cx: x, cy: py[k]!, r: 3, fill: color })
        : ""
    ).join("");
  });
  body += `<g clip-path="url(#${esc(clip)})">${bands}${lines}</g>`;
  return finishChart(body + legend, {
    width,
    height,
    title: options.title,
    description: options.description,
    titleX: area.left,
    titleSize: 16,
  });
}

function extent(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}
