/**
 * The forecast band of one series as an SVG chart (the report's line chart):
 * the end of the history, the point forecast, and the band between the lowest
 * and highest levels asked for.
 *
 * @module
 */

import { lineChart } from "../report/svg/line_chart.ts";
import { ACTUAL_COLOR, seriesColor } from "../report/svg/palette.ts";
import { createTimestampParser } from "../data/timestamp.ts";
import type { ForecastItem } from "./forecast_service.ts";

const parseIso = createTimestampParser("iso", 0);

/** The history a chart shows beside the forecast. */
export interface ChartHistory {
  /** The target history (null is missing). */
  target: readonly (number | null)[];
  /** Its timestamps, when known. */
  timestamps?: readonly string[] | undefined;
}

function pct(l: number): string {
  return `${Math.round(l * 1000) / 10}`;
}

/**
 * Draws one series' forecast after the last steps of its history.
 *
 * @param history the series' history
 * @param item its forecast
 * @param options width, and how many history steps to show (default 4 horizons, at least 48)
 * @returns the `<svg>` text
 * @example Usage
 * ```ts
 * import { forecastChart } from "@chronos-deno/chronos-deno/serve";
 * import { match } from "node:assert/strict";
 * const svg = forecastChart({ target: [1, 2, 3] }, {
 *   quantiles: { "0.1": [2, 2], "0.9": [4, 5] }, mean: [3, 3.5],
 * });
 * match(svg, /data-series="forecast"/);
 * ```
 */
export function forecastChart(
  history: ChartHistory,
  item: ForecastItem,
  options: { width?: number; historySteps?: number } = {},
): string {
  const h = item.mean.length;
  const keep = Math.min(history.target.length, options.historySteps ?? Math.max(48, 4 * h));
  const start = history.target.length - keep;
  const times = history.timestamps && item.timestamps
    ? [...history.timestamps.slice(start), ...item.timestamps].map((t) => parseIso(t) ?? NaN)
    : undefined;
  const xs = times ?? Array.from({ length: keep + h }, (_, i) => start + i);
  const hx = xs.slice(0, keep);
  const fx = xs.slice(keep);
  const levels = Object.keys(item.quantiles).map(Number).sort((a, b) => a - b);
  const lo = levels[0];
  const hi = levels[levels.length - 1];
  const band = lo !== undefined && hi !== undefined && lo < hi
    ? {
      band: {
        lower: item.quantiles[String(lo)]!,
        upper: item.quantiles[String(hi)]!,
        label: `${pct(lo)}–${pct(hi)} % band`,
      },
    }
    : {};
  return lineChart([
    {
      name: "history",
      x: hx,
      y: history.target.slice(start).map((v) => v ?? NaN),
      color: ACTUAL_COLOR,
      strokeWidth: 2,
    },
    { name: "forecast", x: fx, y: item.mean, color: seriesColor(0), strokeWidth: 2, ...band },
  ], {
    title: `Forecast, ${h} step${h === 1 ? "" : "s"} ahead`,
    description: `The last ${keep} values of the series and the forecast${
      "band" in band ? " with its band" : ""
    }`,
    xLabel: times ? "Time (UTC)" : "Step",
    yLabel: "Value",
    xType: times ? "time" : "number",
    ...(times ? {} : { xInteger: true }),
    width: options.width ?? 960,
    height: 400,
  });
}
