/**
 * The comparison as one self-contained HTML page: inline CSS and inline SVG
 * figures, no script, no fonts or files fetched (a Content-Security-Policy
 * forbids it), laid out for a laptop screen and printable.
 *
 * @module
 */

import type { ReportFigure } from "./figures.ts";
import type { Comparison } from "./comparison.ts";
import { headline, setupLine, skillLine } from "./summary.ts";
import { bestRule, comparisonCells } from "./table.ts";

/** Options of {@linkcode renderHtmlReport}. */
export interface HtmlReportOptions {
  /**
   * When the report was made.
   * @default now
   */
  generatedAt?: Date;
  /**
   * Page title.
   * @default "Model comparison"
   */
  title?: string;
}

const CSS = `
:root { color-scheme: light; --ink: #1f2937; --muted: #4b5563; --line: #e5e7eb; --accent: #0072b2; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f4f6; color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 0 0 12px; }
.meta { color: var(--muted); margin: 0 0 16px; }
.headline { background: #fff; border-left: 4px solid var(--accent); padding: 12px 16px; margin: 0 0 20px;
  border-radius: 4px; font-size: 16px; }
section { background: #fff; border-radius: 8px; padding: 18px 20px; margin: 0 0 20px;
  box-shadow: 0 1px 2px rgba(0,0,0,.06); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 13.5px; }
th, td { padding: 6px 7px; border-bottom: 1px solid var(--line); white-space: nowrap; }
tbody th { white-space: normal; min-width: 9em; max-width: 16em; font-weight: 600; }
thead th { text-align: right; font-weight: 600; background: #f9fafb; white-space: normal;
  vertical-align: bottom; line-height: 1.25; }
td { text-align: right; }
th:nth-child(-n+2), td:nth-child(-n+2) { text-align: left; }
td.best { font-weight: 700; background: #e8f3fb; }
tbody tr:hover { background: #f9fafb; }
.note { color: var(--muted); font-size: 13px; margin: 8px 0 0; }
ul.notes { margin: 8px 0 0; padding-left: 20px; color: var(--muted); font-size: 13px; }
figure { margin: 0; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 6px; }
footer { color: var(--muted); font-size: 13px; }
footer code { font-size: 12px; }
@media print { body { background: #fff; } section { box-shadow: none; break-inside: avoid; } }
`;

/**
 * Writes the HTML report: a single file with everything inline.
 *
 * @param comparison the comparison
 * @param figures the figures (`reportFigures(comparison)`), inlined as SVG
 * @param options date and title
 * @returns the HTML document
 * @example Usage
 * ```ts
 * import { renderHtmlReport } from "@chronos-deno/chronos-deno/report";
 * import type { Comparison } from "@chronos-deno/chronos-deno/report";
 * import { match } from "node:assert/strict";
 * const c = { split: "test", predictionLength: 1, origins: [], timestamps: [], data: [],
 *   rows: [], notes: [], sources: [], nominalCoverage: 0.8, interval: [0.1, 0.9] } as unknown as Comparison;
 * match(renderHtmlReport(c, []), /^<!doctype html>/);
 * ```
 */
export function renderHtmlReport(
  comparison: Comparison,
  figures: readonly ReportFigure[],
  options: HtmlReportOptions = {},
): string {
  const title = options.title ?? "Model comparison";
  const when = (options.generatedAt ?? new Date()).toISOString().slice(0, 16).replace("T", " ");
  const head = headline(comparison);
  const skill = skillLine(comparison);
  const notes = comparison.notes.length > 0
    ? `<ul class="notes">${comparison.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>`
    : "";
  const sections = figures.map((f) =>
    `<section id="${esc(f.id)}"><h2>${esc(f.title)}</h2><figure>${f.svg}` +
    `<figcaption>${esc(f.caption)}</figcaption></figure></section>`
  );
  const sources = comparison.sources.map((s) =>
    `<li><code>${esc(s.label)}</code>: ${esc(s.task)}, written ${esc(s.createdAt)}` +
    (s.runId ? `, run <code>${esc(s.runId)}</code>` : "") +
    (s.experiment ? ` in experiment <code>${esc(s.experiment)}</code>` : "") + "</li>"
  ).join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${esc(title)}</h1>
<p class="meta">${esc(capitalize(setupLine(comparison)))}. Generated ${esc(when)} UTC.</p>
${head ? `<p class="headline">${esc(head)}</p>` : ""}
<section id="metrics"><h2>Metrics</h2>
<div class="table-wrap">${htmlTable(comparison)}</div>
<p class="note">Bold: best per column (${esc(bestRule(comparison))}).${
    skill ? ` ${esc(skill)}` : ""
  }</p>
${notes}
</section>
${sections.join("\n")}
<footer><p>Results files:</p><ul>${sources}</ul></footer>
</main>
</body>
</html>
`;
}

function htmlTable(comparison: Comparison): string {
  const cells = comparisonCells(comparison);
  const head = cells.header.map((h) => `<th scope="col">${esc(h)}</th>`).join("");
  const body = cells.rows.map((row, i) =>
    "<tr>" + row.map((t, c) => {
      if (c === 0) return `<th scope="row" style="text-align:left">${esc(t)}</th>`;
      const best = c >= 2 && cells.best[i]![c - 2];
      return `<td${best ? ' class="best"' : ""}>${esc(t)}</td>`;
    }).join("") + "</tr>"
  ).join("\n");
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function esc(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
