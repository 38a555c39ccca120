/**
 * SVG chart primitives with no dependencies: scales and ticks, axes,
 * legends, line charts with bands, horizontal and grouped bar charts, and
 * panel grids. Each chart function returns a self-contained `<svg>` string
 * that can be written to a file, inlined in HTML or shown in a notebook.
 *
 * @example Usage
 * ```ts
 * import { lineChart } from "@chronos-deno/chronos-deno/report";
 * import { ok } from "node:assert/strict";
 * const svg = lineChart([{ name: "kWh", x: [0, 1], y: [3, 4] }], {
 *   title: "Load", xLabel: "Hour", yLabel: "Energy (kWh)",
 * });
 * ok(svg.startsWith("<svg"));
 * ```
 *
 * @module
 */

export * from "./scale.ts";
export * from "./axes.ts";
export * from "./legend.ts";
export * from "./palette.ts";
export * from "./line_chart.ts";
export * from "./bar_chart.ts";
export * from "./grouped_bar_chart.ts";
export * from "./panels.ts";
