/**
 * Places several charts side by side in one SVG (small multiples), e.g. one
 * bar chart per metric.
 *
 * @module
 */

import { svgRoot, text } from "./_svg.ts";

/** Layout of a panel grid. */
export interface PanelGridOptions {
  /** Title over the whole figure (also the accessible name). */
  title: string;
  /**
   * Panels per row.
   * @default 2
   */
  columns?: number;
  /**
   * Space between panels in px.
   * @default 16
   */
  gap?: number;
  /**
   * Longer description for screen readers.
   * @default the title
   */
  description?: string;
}

/**
 * Lays out charts (each an `<svg>` with `width` and `height` attributes, as
 * every chart of this module makes) in a grid, under a common title.
 *
 * @param panels the charts, row by row
 * @param options title, columns, gap
 * @returns an `<svg>` element as text, the panels nested in it
 * @throws {TypeError} when a panel is not an `<svg>` with numeric width and height
 * @example Usage
 * ```ts
 * import { panelGrid } from "@chronos-deno/chronos-deno/report";
 * import { match } from "node:assert/strict";
 * const box = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"></svg>';
 * match(panelGrid([box, box], { title: "Two" }), /width="216"/);
 * ```
 */
export function panelGrid(panels: readonly string[], options: PanelGridOptions): string {
  const columns = Math.max(1, options.columns ?? 2);
  const gap = options.gap ?? 16;
  const sizes = panels.map((p, i) => {
    const w = /^<svg\b[^>]*?\swidth="([\d.]+)"/.exec(p);
    const h = /^<svg\b[^>]*?\sheight="([\d.]+)"/.exec(p);
    if (!w || !h) {
      throw new TypeError(`Cannot place panel ${i + 1}: it is not an <svg> with width and height`);
    }
    return { w: Number(w[1]), h: Number(h[1]) };
  });
  const colW = Array.from(
    { length: columns },
    (_, c) => Math.max(0, ...sizes.filter((_, i) => i % columns === c).map((s) => s.w)),
  );
  const rows = Math.ceil(panels.length / columns);
  const rowH = Array.from(
    { length: rows },
    (_, r) => Math.max(0, ...sizes.slice(r * columns, (r + 1) * columns).map((s) => s.h)),
  );
  const titleH = 36;
  let body = "";
  panels.forEach((p, i) => {
    const c = i % columns;
    const r = Math.floor(i / columns);
    const x = colW.slice(0, c).reduce((a, b) => a + b + gap, 0);
    const y = titleH + rowH.slice(0, r).reduce((a, b) => a + b + gap, 0);
    body += p.replace(/^<svg\b/, `<svg x="${x}" y="${y}"`);
  });
  const width = colW.reduce((a, b) => a + b, 0) + gap * (columns - 1);
  const height = titleH + rowH.reduce((a, b) => a + b, 0) + gap * Math.max(0, rows - 1);
  body += text(12, 24, options.title, {
    "font-size": 17,
    "font-weight": 600,
    fill: "#1f2937",
    class: "figure-title",
  });
  return svgRoot(
    width,
    height,
    options.title,
    options.description ?? options.title,
    body,
    "chart figure",
  );
}
