/**
 * The comparison as a Markdown report: setup, headline, table, notes, and
 * the figures as image links to SVG files written beside it.
 *
 * @module
 */

import type { ReportFigure } from "./figures.ts";
import type { Comparison } from "./comparison.ts";
import { headline, setupLine, skillLine } from "./summary.ts";
import { comparisonMarkdownTable } from "./table.ts";

/** Options of {@linkcode renderMarkdownReport}. */
export interface MarkdownReportOptions {
  /**
   * Folder of the SVG files, relative to the Markdown file.
   * @default "model_comparison_figures"
   */
  figureDir?: string;
  /**
   * When the report was made.
   * @default now
   */
  generatedAt?: Date;
  /**
   * Report title.
   * @default "Model comparison"
   */
  title?: string;
}

/**
 * Writes the Markdown report. Figures are linked as `<figureDir>/<id>.svg`;
 * write those files next to it (`writeComparisonReport` does).
 *
 * @param comparison the comparison
 * @param figures the figures (`reportFigures(comparison)`)
 * @param options figure folder, date, title
 * @returns Markdown text
 * @example Usage
 * ```ts
 * import { renderMarkdownReport } from "@chronos-deno/chronos-deno/report";
 * import type { Comparison } from "@chronos-deno/chronos-deno/report";
 * import { match } from "node:assert/strict";
 * const c = { split: "test", predictionLength: 1, origins: [], timestamps: [], data: [],
 *   rows: [], notes: [], sources: [], nominalCoverage: 0.8, interval: [0.1, 0.9] } as unknown as Comparison;
 * const md = renderMarkdownReport(c, [{ id: "f", title: "F", caption: "c", svg: "<svg/>" }]);
 * match(md, /!\[F\]\(model_comparison_figures\/f\.svg\)/);
 * ```
 */
export function renderMarkdownReport(
  comparison: Comparison,
  figures: readonly ReportFigure[],
  options: MarkdownReportOptions = {},
): string {
  const dir = options.figureDir ?? "model_comparison_figures";
  const when = (options.generatedAt ?? new Date()).toISOString().slice(0, 16).replace("T", " ");
  const parts = [
    `# ${options.title ?? "Model comparison"}`,
    `${capitalize(setupLine(comparison))}. Generated ${when} UTC.`,
  ];
  const head = headline(comparison);
  if (head) parts.push(`**${head}**`);
  parts.push("## Metrics", comparisonMarkdownTable(comparison).trimEnd());
  const skill = skillLine(comparison);
  if (skill) parts.push(skill);
  if (comparison.notes.length > 0) {
    parts.push("Notes:\n\n" + comparison.notes.map((n) => `- ${n}`).join("\n"));
  }
  for (const f of figures) {
    parts.push(`## ${f.title}`, `![${f.title}](${dir}/${f.id}.svg)`, f.caption);
  }
  parts.push(
    "## Results files",
    comparison.sources.map((s) =>
      `- \`${s.label}\`: ${s.task}, written ${s.createdAt}` +
      (s.runId ? `, run \`${s.runId}\`` : "") +
      (s.experiment ? ` in experiment \`${s.experiment}\`` : "") + ` (${s.path})`
    ).join("\n"),
  );
  return parts.join("\n\n") + "\n";
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
