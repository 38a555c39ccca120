/**
 * Axes for charts: tick marks, tick labels, grid lines and an axis title,
 * drawn around a plot area.
 *
 * @module
 */

import { el, INK, text } from "./_svg.ts";
import { type PlotArea, xAxisTitle } from "./_chart_frame.ts";

export type { PlotArea } from "./_chart_frame.ts";
import type { LinearScale } from "./scale.ts";

/** What an axis shows. */
export interface AxisOptions {
  /** Axis title, with its unit, e.g. `Energy (kWh)`. */
  label: string;
  /** Tick values, in data units. */
  ticks: readonly number[];
  /** Tick label for a value. */
  format: (value: number) => string;
  /**
   * Draw grid lines across the plot area at each tick.
   * @default true
   */
  grid?: boolean;
  /**
   * Font size of tick labels in px (the title is 1 px larger).
   * @default 12
   */
  fontSize?: number;
}

/**
 * A horizontal axis along the bottom of `area`.
 *
 * @param area the plot area
 * @param scale maps data x to pixels
 * @param options title, ticks, labels, grid
 * @returns SVG markup (a `<g class="axis x-axis">`)
 * @example Usage
 * ```ts
 * import { xAxis } from "@chronos-deno/chronos-deno/report";
 * import { linearScale } from "@chronos-deno/chronos-deno/report";
 * import { match } from "node:assert/strict";
 * const area = { left: 50, top: 10, width: 200, height: 100 };
 * const svg = xAxis(area, linearScale([0, 10], [50, 250]), {
 *   label: "Hour", ticks: [0, 5, 10], format: String,
 * });
 * match(svg, /class="axis-label">Hour</);
 * ```
 */
export function xAxis(area: PlotArea, scale: LinearScale, options: AxisOptions): string {
  const fs = options.fontSize ?? 12;
  const bottom = area.top + area.height;
  let out = "";
  for (const t of options.ticks) {
    const x = scale.map(t);
    if (options.grid ?? true) {
      out += el("line", { x1: x, x2: x, y1: area.top, y2: bottom, stroke: INK.grid });
    }
    out += el("line", { x1: x, x2: x, y1: bottom, y2: bottom + 5, stroke: INK.axis });
    out += text(x, bottom + 8 + fs, options.format(t), {
      "text-anchor": "middle",
      "font-size": fs,
      fill: INK.muted,
      class: "tick-label",
    });
  }
  out += el("line", {
    x1: area.left,
    x2: area.left + area.width,
    y1: bottom,
    y2: bottom,
    stroke: INK.axis,
  });
  out += xAxisTitle(area, options.label, fs);
  return `<g class="axis x-axis">${out}</g>`;
}

/**
 * A vertical axis along the left of `area`, its title turned upright.
 *
 * @param area the plot area
 * @param scale maps data y to pixels
 * @param options title, ticks, labels, grid
 * @returns SVG markup (a `<g class="axis y-axis">`)
 * @example Usage
 * ```ts
 * import { yAxis } from "@chronos-deno/chronos-deno/report";
 * import { linearScale } from "@chronos-deno/chronos-deno/report";
 * import { match } from "node:assert/strict";
 * const area = { left: 50, top: 10, width: 200, height: 100 };
 * const svg = yAxis(area, linearScale([0, 100], [110, 10]), {
 *   label: "Energy (kWh)", ticks: [0, 50, 100], format: String,
 * });
 * match(svg, /rotate\(-90/);
 * ```
 */
export function yAxis(area: PlotArea, scale: LinearScale, options: AxisOptions): string {
  const fs = options.fontSize ?? 12;
  let out = "";
  let widest = 0;
  for (const t of options.ticks) {
    const y = scale.map(t);
    if (options.grid ?? true) {
      out += el("line", {
        x1: area.left,
        x2: area.left + area.width,
        y1: y,
        y2: y,
        stroke: INK.grid,
      });
    }
    const label = options.format(t);
    widest = Math.max(widest, label.length);
    out += text(area.left - 8, y + fs * 0.35, label, {
      "text-anchor": "end",
      "font-size": fs,
      fill: INK.muted,
      class: "tick-label",
    });
  }
  out += el("line", {
    x1: area.left,
    x2: area.left,
    y1: area.top,
    y2: area.top + area.height,
    stroke: INK.axis,
  });
  const x = area.left - 14 - widest * fs * 0.6;
  const y = area.top + area.height / 2;
  out += text(x, y, options.label, {
    "text-anchor": "middle",
    "font-size": fs + 1,
    fill: INK.text,
    transform: `rotate(-90 ${Math.round(x)} ${Math.round(y)})`,
    class: "axis-label",
  });
  return `<g class="axis y-axis">${out}</g>`;
}
