/**
 * Private helpers of the loaders: a capped problem list (collect, then throw
 * once) and strict number parsing that reports row, column and value.
 *
 * @module
 */

import { type DataProblem, DataValidationError } from "../errors.ts";
import { clip } from "../net/clip.ts";
import type { CsvTable } from "./polars.ts";

/**
 * The largest magnitude a value may have: the model computes in float32, and
 * scaling squares the values, so anything much beyond this overflows later.
 */
export const MAX_ABS_VALUE = 1e15;

/** The most problems kept in full; the rest are counted. */
export const MAX_PROBLEMS = 1000;

/** Collects problems, keeping the first {@linkcode MAX_PROBLEMS}. */
export class ProblemList {
  /** The problems kept. */
  readonly items: DataProblem[] = [];
  #dropped = 0;

  /** Adds one problem. */
  add(problem: DataProblem): void {
    if (this.items.length < MAX_PROBLEMS) this.items.push(problem);
    else this.#dropped++;
  }

  /** Number of problems found (kept or not). */
  get count(): number {
    return this.items.length + this.#dropped;
  }

  /** Throws one {@linkcode DataValidationError} listing every problem, if there are any. */
  throwIfAny(source: string): void {
    if (this.count === 0) return;
    const all = [...this.items];
    if (this.#dropped > 0) {
      all.push({ kind: "other", message: `${this.#dropped} further problem(s) were not listed` });
    }
    throw new DataValidationError(source, all);
  }
}

/** `Row 5 (line 6)`: data row numbers are 1-based, lines count the header. */
export function where(rowIndex: number): string {
  return `Row ${rowIndex + 1} (line ${rowIndex + 2})`;
}

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Converts a column to float64 strictly: plain decimal and exponent notation with surrounding
 * spaces; cells listed in `naValues` become NaN; anything else (an empty cell, `"1,5"`,
 * `"NaN"`, `"inf"`, `"1e999"`) is a problem naming row, column and value. Polars converts the
 * column; only the rows it could not read (or read as non-finite) are checked as text.
 */
export function parseNumberColumn(
  table: CsvTable,
  column: string,
  problems: ProblemList,
  naValues: readonly string[] = [],
): Float64Array {
  const { values, suspect } = table.numeric(column);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v) && Math.abs(v) > MAX_ABS_VALUE) {
      values[i] = NaN;
      problems.add({
        kind: "bad-number",
        row: i + 1,
        column,
        value: String(v),
        message: `${where(i)}, column "${clip(column, 80)}": ${v} is too large for the model ` +
          `(at most ${MAX_ABS_VALUE} in magnitude): rescale the column`,
      });
    }
  }
  if (suspect.length === 0) return values;
  const raw = table.column(column);
  const na = new Set(naValues);
  for (const i of suspect) {
    const text = raw[i]!;
    const t = text.trim();
    const v = NUMBER_RE.test(t) ? Number(t) : NaN;
    if (Number.isFinite(v)) {
      values[i] = v;
    } else if (na.has(text) || na.has(t)) {
      values[i] = NaN;
    } else {
      values[i] = NaN;
      problems.add({
        kind: "bad-number",
        row: i + 1,
        column,
        value: text,
        message: t === ""
          ? `${where(i)}, column "${clip(column, 80)}": the cell is empty`
          : NUMBER_RE.test(t)
          ? `${where(i)}, column "${clip(column, 80)}": "${
            clip(text, 80)
          }" is beyond the float64 range`
          : `${where(i)}, column "${clip(column, 80)}": cannot read "${
            clip(text, 80)
          }" as a number`,
      });
    }
  }
  return values;
}
