/**
 * Every figure of the comparison report, with titles and captions, in the
 * order the Markdown and HTML reports show them.
 *
 * @module
 */

import { bestBandModel, forecastModels, pct, utcOffsetText } from "./_chart_helpers.ts";
import { offsetMinutesOf } from "./chart_data.ts";
import {
  errorByHourChart,
  errorBySegmentChart,
  forecastWeekChart,
  type ReportChartOptions,
} from "./charts.ts";
import type { Comparison } from "./comparison.ts";
import { lossCurveChart, metricsBarChart } from "./metric_charts.ts";

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
 * Every figure the comparison supports, in report order (segments and loss
 * curves only when the results have them).
 *
 * @param comparison the comparison
 * @param options week, models, offset, width, metrics
 * @returns the figures
 * @throws {RangeError} when the week is malformed or empty
 * @example Usage
 * ```ts
 * import { reportFigures } from "@chronos-deno/chronos-deno/report";
 * import type { Comparison } from "@chronos-deno/chronos-deno/report";
 * import { equal } from "node:assert/strict";
 * equal(typeof reportFigures, "function");
 * ```
 */
export function reportFigures(
  comparison: Comparison,
  options: ReportChartOptions = {},
): ReportFigure[] {
  const offset = utcOffsetText(options.offsetMinutes ?? offsetMinutesOf(comparison));
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
  const bySegment = errorBySegmentChart(comparison, options);
  if (bySegment) {
    const label = options.segment?.label ?? "segment";
    figures.push({
      id: `error_by_${label.toLowerCase().replace(/[^a-z0-9]+/g, "_")}`,
      title: `Error by ${label}`,
      caption: `Mean absolute error of each model by ${label} at each window's start.`,
      svg: bySegment,
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
