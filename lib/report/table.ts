/**
 * The comparison as a table: plain text for terminals (best per column marked
 * with `*`) and Markdown (best in bold).
 *
 * @module
 */

import { formatTable } from "../cli/format_table.ts";
import {
  type ColumnKey,
  type ColumnSpec,
  columnTitle,
  COMPARISON_COLUMNS,
  formatColumnValue,
} from "./columns.ts";
import type { Comparison } from "./comparison.ts";

/** Options of the table functions. */
export interface ComparisonTableOptions {
  /**
   * Columns to show, in order.
   * @default every column of `COMPARISON_COLUMNS` that has at least one known value
   */
  columns?: readonly ColumnKey[];
  /**
   * Also make the best values bold with ANSI codes (terminal table only).
   * @default false
   */
  color?: boolean;
}

/** The cells of the table before any formatting of the best values. */
export interface ComparisonCells {
  /** Column titles, the model and kind first. */
  header: string[];
  /** The metric columns shown. */
  columns: ColumnSpec[];
  /** Per row: model, kind, then one formatted value per column. */
  rows: string[][];
  /** Per row and metric column: whether it is the best. */
  best: boolean[][];
}

/**
 * Formats the comparison's rows into table cells (values as text, best flags).
 *
 * @param comparison the comparison
 * @param options which columns
 * @returns header, rows and best flags
 * @example Usage
 * ```ts
 * import { comparisonCells } from "@chronos-deno/chronos-deno/report";
 * import type { Comparison } from "@chronos-deno/chronos-deno/report";
 * import { deepEqual } from "node:assert/strict";
 * const c = { rows: [], nominalCoverage: 0.8 } as unknown as Comparison;
 * deepEqual(comparisonCells(c).header, ["Model", "Kind"]);
 * ```
 */
export function comparisonCells(
  comparison: Comparison,
  options: ComparisonTableOptions = {},
): ComparisonCells {
  const columns = options.columns
    ? options.columns.map((k) => COMPARISON_COLUMNS.find((c) => c.key === k)!)
    : COMPARISON_COLUMNS.filter((c) =>
      comparison.rows.some((r) => Number.isFinite(r.values[c.key]))
    );
  const header = ["Model", "Kind", ...columns.map(columnTitle)];
  const rows = comparison.rows.map((r) => [
    r.name,
    r.kind,
    ...columns.map((c) => formatColumnValue(c.key, r.values[c.key])),
  ]);
  const best = comparison.rows.map((r) => columns.map((c) => r.best.includes(c.key)));
  return { header, columns, rows, best };
}

/**
 * The comparison as an aligned text table for a terminal, best per column
 * marked with `*`, followed by a legend line.
 *
 * @param comparison the comparison
 * @param options columns and colour
 * @returns the table text
 * @example Usage
 * ```ts
 * import { formatComparisonTable } from "@chronos-deno/chronos-deno/report";
 * import type { Comparison } from "@chronos-deno/chronos-deno/report";
 * import { match } from "node:assert/strict";
 * const c = { rows: [], nominalCoverage: 0.8 } as unknown as Comparison;
 * match(formatComparisonTable(c), /best per column/);
 * ```
 */
export function formatComparisonTable(
  comparison: Comparison,
  options: ComparisonTableOptions = {},
): string {
  const cells = comparisonCells(comparison, options);
  const rows = cells.rows.map((row, i) =>
    row.map((text, c) => {
      if (c < 2) return text;
      if (!cells.best[i]![c - 2]) return `${text} `;
      return options.color ? `\x1b[1m${text}*\x1b[0m` : `${text}*`;
    })
  );
  const header = cells.header.map((h, c) => (c < 2 ? h : `${h} `));
  return formatTable(header, rows, { align: ["left", "left"] }) +
    `* best per column: ${bestRule(comparison)}\n`;
}

/**
 * The comparison as a Markdown table, best per column in bold, followed by a
 * legend line.
 *
 * @param comparison the comparison
 * @param options which columns
 * @returns Markdown text
 * @example Usage
 * ```ts
 * import { comparisonMarkdownTable } from "@chronos-deno/chronos-deno/report";
 * import type { Comparison } from "@chronos-deno/chronos-deno/report";
 * import { match } from "node:assert/strict";
 * const c = { rows: [], nominalCoverage: 0.8 } as unknown as Comparison;
 * match(comparisonMarkdownTable(c), /^\| Model \| Kind \|/);
 * ```
 */
export function comparisonMarkdownTable(
  comparison: Comparison,
  options: Omit<ComparisonTableOptions, "color"> = {},
): string {
  const cells = comparisonCells(comparison, options);
  const esc = (s: string) => s.replaceAll("|", "\\|");
  const lines = [
    `| ${cells.header.map(esc).join(" | ")} |`,
    `|${cells.header.map((_, c) => (c < 2 ? ":---" : "---:")).join("|")}|`,
    ...cells.rows.map((row, i) =>
      `| ${
        row.map((t, c) => (c >= 2 && cells.best[i]![c - 2] ? `**${esc(t)}**` : esc(t))).join(
          " | ",
        )
      } |`
    ),
  ];
  return lines.join("\n") + `\n\n**Bold**: best per column (${bestRule(comparison)}).\n`;
}

/**
 * Says which value wins in each column, for the table's legend.
 *
 * @param comparison the comparison (for the nominal coverage)
 * @returns one sentence fragment
 * @example Usage
 * ```ts
 * import { bestRule } from "@chronos-deno/chronos-deno/report";
 * import type { Comparison } from "@chronos-deno/chronos-deno/report";
 * import { match } from "node:assert/strict";
 * match(bestRule({ nominalCoverage: 0.8 } as Comparison), /closest to 80 %/);
 * ```
 */
export function bestRule(comparison: Comparison): string {
  const nominal = formatPercent(comparison.nominalCoverage);
  return `lower is better; for R², windows/s and skill higher is better; coverage is best closest to ${nominal} %`;
}

function formatPercent(share: number): string {
  return Number.isFinite(share) ? String(Math.round(1000 * share) / 10) : "?";
}
