/**
 * Writes the comparison report to a folder: `model_comparison.md`,
 * `model_comparison.html` (self-contained) and the figures as SVG files.
 *
 * @module
 */

import type { ReportChartOptions } from "./charts.ts";
import { reportFigures } from "./figures.ts";
import type { Comparison } from "./comparison.ts";
import { renderHtmlReport } from "./html.ts";
import { renderMarkdownReport } from "./markdown.ts";

/** Options of {@linkcode writeComparisonReport}. */
export interface WriteReportOptions extends ReportChartOptions {
  /**
   * Folder to write into (created when missing).
   * @default "reports"
   */
  outputDir?: string;
  /**
   * When the report was made.
   * @default now
   */
  generatedAt?: Date;
}

/** The files written. */
export interface WrittenReport {
  /** The Markdown report. */
  markdown: string;
  /** The HTML report. */
  html: string;
  /** The SVG figures (linked from the Markdown, inlined in the HTML). */
  figures: string[];
}

/**
 * Draws the figures and writes the Markdown report, the HTML report and one
 * SVG file per figure.
 *
 * @param comparison the comparison
 * @param options folder, week, models, date
 * @returns the paths written
 * @throws {RangeError} when the week is malformed or has no forecast
 * @example Usage
 * ```ts
 * import { writeComparisonReport } from "@chronos-deno/chronos-deno/report";
 * import { equal } from "node:assert/strict";
 * equal(typeof writeComparisonReport, "function");
 * ```
 */
export async function writeComparisonReport(
  comparison: Comparison,
  options: WriteReportOptions = {},
): Promise<WrittenReport> {
  const dir = (options.outputDir ?? "reports").replace(/[\\/]+$/, "") || ".";
  const figureDir = "model_comparison_figures";
  const figures = reportFigures(comparison, options);
  const generatedAt = options.generatedAt ?? new Date();
  await Deno.mkdir(`${dir}/${figureDir}`, { recursive: true });
  const written: WrittenReport = {
    markdown: `${dir}/model_comparison.md`,
    html: `${dir}/model_comparison.html`,
    figures: figures.map((f) => `${dir}/${figureDir}/${f.id}.svg`),
  };
  await Promise.all(
    figures.map((f, i) =>
      Deno.writeTextFile(written.figures[i]!, `<?xml version="1.0" encoding="UTF-8"?>\n${f.svg}\n`)
    ),
  );
  await Deno.writeTextFile(
    written.markdown,
    renderMarkdownReport(comparison, figures, { figureDir, generatedAt }),
  );
  await Deno.writeTextFile(written.html, renderHtmlReport(comparison, figures, { generatedAt }));
  return written;
}
