/**
 * Plain-text tables for terminals: columns padded to their widest cell,
 * numbers right-aligned, a rule under the header.
 *
 * @module
 */

/** How {@linkcode formatTable} lays out the columns. */
export interface FormatTableOptions {
  /**
   * Alignment per column; missing entries use the default.
   * @default "left" for the first column, "right" for the others
   */
  align?: readonly ("left" | "right")[];
  /**
   * Text between two columns.
   * @default "  "
   */
  gap?: string;
  /**
   * Whether to draw a rule of `─` under the header.
   * @default true
   */
  headerRule?: boolean;
}

// Matches ANSI colour/style escapes (ESC [ ... m), which take no room on screen.
// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/**
 * Width of a string on a terminal: code points, ANSI colour codes excluded.
 *
 * @param text the cell text
 * @returns the number of columns it takes
 * @example Usage
 * ```ts
 * import { displayWidth } from "./format_table.ts";
 * import { equal } from "node:assert/strict";
 * equal(displayWidth("\x1b[1mR²\x1b[0m"), 2);
 * ```
 */
export function displayWidth(text: string): number {
  return [...text.replace(ANSI, "")].length;
}

/**
 * Formats rows of cells as an aligned text table, one line per row, ending
 * with a newline.
 *
 * @param header the column titles
 * @param rows the body rows (each at most `header.length` cells; missing cells are empty)
 * @param options alignment, gap and header rule
 * @returns the table text
 * @throws {RangeError} when a row has more cells than the header
 * @example Usage
 * ```ts
 * import { formatTable } from "./format_table.ts";
 * import { equal } from "node:assert/strict";
 * const text = formatTable(["model", "RMSE"], [["persistence", "12.5"], ["chronos", "9.1"]]);
 * equal(text.split("\n")[2], "persistence  12.5");
 * ```
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: FormatTableOptions = {},
): string {
  const gap = options.gap ?? "  ";
  const cols = header.length;
  rows.forEach((row, i) => {
    if (row.length > cols) {
      throw new RangeError(
        `Cannot format table row ${i + 1}: it has ${row.length} cells but the header has ${cols}`,
      );
    }
  });
  const widths = header.map((h, c) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c] ?? "")))
  );
  const alignOf = (c: number) => options.align?.[c] ?? (c === 0 ? "left" : "right");
  const line = (cells: readonly string[]) =>
    widths.map((w, c) => pad(cells[c] ?? "", w, alignOf(c))).join(gap).trimEnd();
  const out = [line(header)];
  if (options.headerRule ?? true) {
    out.push(widths.map((w) => "─".repeat(w)).join(gap));
  }
  for (const row of rows) out.push(line(row));
  return out.join("\n") + "\n";
}

function pad(text: string, width: number, align: "left" | "right"): string {
  const fill = " ".repeat(Math.max(0, width - displayWidth(text)));
  return align === "left" ? text + fill : fill + text;
}
