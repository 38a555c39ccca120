/**
 * Private scaffolding shared by the charts: value-axis ticks, the frame of a
 * chart with a legend under its title and a y axis on the left, axis titles,
 * and the finishing title and root element.
 *
 * @module
 */

import { INK, svgRoot, text, textWidth } from "./_svg.ts";
import { legend, type LegendItem } from "./legend.ts";
import { formatTick, niceTicks } from "./scale.ts";

/** The rectangle data is drawn in, in pixels. */
export interface PlotArea {
  /** Left edge. */
  left: number;
  /** Top edge. */
  top: number;
  /** Width. */
  width: number;
  /** Height. */
  height: number;
}

/** Font size of tick labels and legends; axis titles are one px larger. */
export const FONT_SIZE = 12;
const TITLE_HEIGHT = 34;

/** Round ticks between `lo` and `hi` and their labels, with as many decimals as the step needs. */
export function valueTicks(
  lo: number,
  hi: number,
  count: number,
): { ticks: number[]; format: (v: number) => string } {
  const ticks = niceTicks(lo, hi, count);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  return { ticks, format: (v) => formatTick(v, step) };
}

/**
 * Lays out a chart with a y axis on the left (wide enough for `yLabels`) and a legend under
 * the title: the legend's markup and the plot area, `gap` px below the legend.
 */
export function legendFrame(
  items: readonly LegendItem[],
  yLabels: readonly string[],
  size: { width: number; height: number },
  gap: number,
): { legend: string; area: PlotArea } {
  const fs = FONT_SIZE;
  const left = 28 + Math.max(...yLabels.map((l) => textWidth(l, fs)), 10) + fs + 8;
  const lg = legend(items, {
    x: left,
    y: TITLE_HEIGHT,
    maxWidth: size.width - left - 20,
    fontSize: fs,
  });
  const top = TITLE_HEIGHT + lg.height + gap;
  return {
    legend: lg.svg,
    area: { left, top, width: size.width - left - 24, height: size.height - top - 58 },
  };
}

/** The title centred under the x axis of `area`, below tick labels of size `fs`. */
export function xAxisTitle(area: PlotArea, label: string, fs: number): string {
  return text(area.left + area.width / 2, area.top + area.height + 16 + 2 * fs + 4, label, {
    "text-anchor": "middle",
    "font-size": fs + 1,
    fill: INK.text,
    class: "axis-label",
  });
}

/** What {@linkcode finishChart} needs besides the body. */
export interface ChartFrame {
  /** Width in px. */
  width: number;
  /** Height in px. */
  height: number;
  /** The chart title (also the accessible name). */
  title: string;
  /** Longer description for screen readers (default: the title). */
  description?: string | undefined;
  /** x of the title's start. */
  titleX: number;
  /** Font size of the title. */
  titleSize: number;
}

/** Adds the chart title at the top left and wraps the chart in its root `<svg>`. */
export function finishChart(body: string, frame: ChartFrame): string {
  const title = text(frame.titleX, 22, frame.title, {
    "font-size": frame.titleSize,
    "font-weight": 600,
    fill: INK.text,
    class: "chart-title",
  });
  const { width, height } = frame;
  return svgRoot(width, height, frame.title, frame.description ?? frame.title, body + title);
}
