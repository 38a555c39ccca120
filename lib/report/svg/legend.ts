/**
 * Chart legends: a swatch and a label per series, flowing left to right and
 * wrapping to new rows within a width.
 *
 * @module
 */

import { el, fmt, INK, text, textWidth } from "./_svg.ts";

/** One legend entry. */
export interface LegendItem {
  /** Series name. */
  label: string;
  /** Swatch colour. */
  color: string;
  /**
   * Swatch shape: a line, a dashed line, a shaded band or a filled box.
   * @default "line"
   */
  shape?: "line" | "dashed" | "band" | "box";
}

/** Where and how big a legend is drawn. */
export interface LegendOptions {
  /** Left edge. */
  x: number;
  /** Top edge. */
  y: number;
  /** Width to wrap within. */
  maxWidth: number;
  /**
   * Label font size in px.
   * @default 12
   */
  fontSize?: number;
}

/**
 * Lays out a legend.
 *
 * @param items the entries
 * @param options position, wrap width, font size
 * @returns SVG markup (a `<g class="legend">`) and the height it takes
 * @example Usage
 * ```ts
 * import { legend } from "@chronos-deno/chronos-deno/report";
 * import { equal } from "node:assert/strict";
 * const { svg, height } = legend([{ label: "actual", color: "#000" }], { x: 0, y: 0, maxWidth: 300 });
 * equal(svg.includes(">actual<"), true);
 * equal(height > 0, true);
 * ```
 */
export function legend(
  items: readonly LegendItem[],
  options: LegendOptions,
): { svg: string; height: number } {
  const fs = options.fontSize ?? 12;
  const rowHeight = fs + 8;
  const swatch = 22;
  let x = options.x;
  let y = options.y;
  let out = "";
  for (const item of items) {
    const w = swatch + 6 + textWidth(item.label, fs) + 18;
    if (x > options.x && x + w > options.x + options.maxWidth) {
      x = options.x;
      y += rowHeight;
    }
    const mid = y + rowHeight / 2;
    const shape = item.shape ?? "line";
    if (shape === "band" || shape === "box") {
      out += el("rect", {
        x,
        y: mid - 6,
        width: swatch,
        height: 12,
        fill: item.color,
        "fill-opacity": shape === "band" ? 0.22 : 1,
        rx: 2,
      });
    } else {
      out += el("line", {
        x1: x,
        x2: x + swatch,
        y1: mid,
        y2: mid,
        stroke: item.color,
        "stroke-width": 2.5,
        "stroke-dasharray": shape === "dashed" ? "6 4" : undefined,
      });
    }
    out += text(x + swatch + 6, mid + fs * 0.35, item.label, { "font-size": fs, fill: INK.text });
    x += w;
  }
  const height = items.length === 0 ? 0 : y - options.y + rowHeight;
  return { svg: `<g class="legend" data-height="${fmt(height)}">${out}</g>`, height };
}
