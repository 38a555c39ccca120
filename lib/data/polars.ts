/**
 * The one owner of nodejs-polars: CSV parsing into columns of raw strings, and
 * building a DataFrame from columns. Polars is loaded lazily, on the first
 * call, so importing this module has no side effects. CSV values stay strings
 * here; the loaders convert and validate them so that every error can name its
 * row, column and value.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import type { DataFrame } from "nodejs-polars";
import { DataValidationError } from "../errors.ts";

/** A CSV file read as text cells. */
export interface CsvTable {
  /** Column names as written in the header (BOM removed), in file order, duplicates kept. */
  header: string[];
  /** Number of data rows (header excluded). */
  rowCount: number;
  /**
   * Raw cell text of a column, one string per data row; an empty or missing cell is `""`.
   * @throws {RangeError} when there is no such column
   */
  column(name: string): string[];
  /**
   * A column converted to float64 by polars. `suspect` lists the rows (0-based, increasing)
   * that polars could not read or read as NaN or ±Infinity; their `values` are 0 or
   * non-finite and must be checked against the text from {@linkcode CsvTable.column}.
   * @throws {RangeError} when there is no such column
   */
  numeric(name: string): { values: Float64Array; suspect: number[] };
}

/** Options of {@linkcode readCsvTable}. */
export interface ReadCsvTableOptions {
  /** Field separator (one character). @default "," */
  separator?: string;
  /** Name used in error messages. @default the path */
  source?: string;
  /** The file's bytes when they are already in memory (e.g. a request body); the path is then not read. */
  content?: Uint8Array;
}

type Polars = typeof import("nodejs-polars").default;
let polarsPromise: Promise<Polars> | undefined;

function loadPolars(): Promise<Polars> {
  polarsPromise ??= import("nodejs-polars").then((m) => m.default);
  return polarsPromise;
}

/** A nodejs-polars DataFrame (what {@linkcode toDataFrame} returns). */
export type PolarsDataFrame = DataFrame;

/** The values of one column: numbers, strings, booleans, `Date`s or `null`s. */
export type ColumnValues = readonly unknown[] | Float32Array | Float64Array | Int32Array;

/**
 * Builds a nodejs-polars DataFrame from named columns of equal length, in the order given
 * (pairs keep names such as `"1"` in place, which a record would move first). Float32Array
 * columns become `f32`, `Date` columns `datetime[ms]`, JS numbers `f64`.
 *
 * @param columns `[name, values]` pairs, or a record of columns
 * @returns the frame
 * @throws {RangeError} when two columns share a name or their lengths differ
 * @example Usage
 * ```ts
 * import { toDataFrame } from "@chronos-deno/chronos-deno/data";
 * import assert from "node:assert/strict";
 * const df = await toDataFrame([["id", ["a", "b"]], ["y", Float32Array.of(1, 2)]]);
 * assert.deepEqual(df.columns, ["id", "y"]);
 * assert.deepEqual(df.getColumn("y").toArray(), [1, 2]);
 * ```
 */
export async function toDataFrame(
  columns: readonly (readonly [string, ColumnValues])[] | Record<string, ColumnValues>,
): Promise<PolarsDataFrame> {
  const pairs = Array.isArray(columns)
    ? columns as readonly (readonly [string, ColumnValues])[]
    : Object.entries(columns as Record<string, ColumnValues>);
  const names = pairs.map(([n]) => n);
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (twice.length > 0) {
    throw new RangeError(`Cannot build a data frame: column "${twice[0]}" is given twice`);
  }
  const odd = pairs.find(([, v]) => v.length !== pairs[0]![1].length);
  if (odd) {
    throw new RangeError(
      `Cannot build a data frame: column "${odd[0]}" has ${odd[1].length} values, ` +
        `"${pairs[0]![0]}" has ${pairs[0]![1].length}`,
    );
  }
  const pl = await loadPolars();
  return pl.DataFrame(pairs.map(([name, values]) => pl.Series(name, values as unknown[])));
}

/**
 * Reads a CSV file with polars, every column as text. Handles a UTF-8 BOM, CRLF or LF line
 * ends and quoted fields. A row with more fields than the header fails, naming the row.
 *
 * @param path the CSV file
 * @param options separator and source name
 * @returns the header and the columns as strings
 * @throws {Deno.errors.NotFound} when the file does not exist
 * @throws {DataValidationError} when the file is empty, has no header, is not UTF-8, or has a
 *   row with too many fields
 * @example Usage
 * ```ts ignore
 * import { readCsvTable } from "@chronos-deno/chronos-deno/data";
 * const t = await readCsvTable("data.csv");
 * console.log(t.header, t.rowCount, t.column(t.header[0]!).slice(0, 3));
 * ```
 */
export async function readCsvTable(
  path: string,
  options: ReadCsvTableOptions = {},
): Promise<CsvTable> {
  const source = options.source ?? path;
  const sep = options.separator ?? ",";
  if (sep.length !== 1) {
    throw new RangeError(`Cannot use the separator "${sep}": it must be one character`);
  }
  let bytes: Uint8Array;
  try {
    bytes = options.content ?? await Deno.readFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(`Cannot find the CSV file "${path}": check the path`, {
        cause: err,
      });
    }
    throw err;
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 65536));
  const headerLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  if (headerLine.trim() === "") {
    throw new DataValidationError(source, [{
      kind: "empty",
      message: "The file is empty or its first line is blank: it needs a header line",
    }]);
  }
  const header = splitLine(headerLine, sep);
  const pl = await loadPolars();
  let df;
  try {
    df = pl.readCSV(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      inferSchemaLength: 0,
      sep,
      hasHeader: true,
      truncateRaggedLines: false,
      missingIsNull: false,
      encoding: "utf8",
      rechunk: true,
    });
  } catch (err) {
    throw explainPolarsError(source, bytes, sep, header.length, err);
  }
  const names = df.columns;
  const cache = new Map<string, string[]>();
  const series = (name: string) => {
    const k = header.indexOf(name);
    if (k < 0 || names[k] === undefined) {
      throw new RangeError(`Cannot find the column "${name}" in "${source}"`);
    }
    return df.getColumn(names[k]);
  };
  return {
    header,
    rowCount: df.height,
    column(name: string): string[] {
      const hit = cache.get(name);
      if (hit) return hit;
      const values = (series(name).toArray() as (string | null)[]).map((v) => v ?? "");
      cache.set(name, values);
      return values;
    },
    numeric(name: string): { values: Float64Array; suspect: number[] } {
      const s = series(name).cast(pl.Float64, false);
      const nulls: number[] = s.nullCount() > 0
        ? Array.from(s.isNull().argTrue().toTypedArray() as Uint32Array)
        : [];
      const filled = nulls.length > 0 ? s.fillNull("zero") : s;
      const values = Float64Array.from(filled.toTypedArray() as Float64Array);
      const odd = Array.from(s.isFinite().not().argTrue().toTypedArray() as Uint32Array);
      const suspect = odd.length === 0
        ? nulls
        : [...new Set([...nulls, ...odd])].sort((a, b) => a - b);
      return { values, suspect };
    },
  };
}

/** Splits one CSV line on `sep`, honouring double quotes. */
function splitLine(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function explainPolarsError(
  source: string,
  bytes: Uint8Array,
  sep: string,
  width: number,
  err: unknown,
): Error {
  const detail = err instanceof Error ? err.message.split("\n")[0]! : String(err);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new DataValidationError(source, [{
      kind: "other",
      message: "The file is not valid UTF-8 text: save it as UTF-8",
    }]);
  }
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const problems = [];
  for (let i = 1; i < lines.length && problems.length < 100; i++) {
    const n = splitLine(lines[i]!, sep).length;
    if (n > width) {
      problems.push({
        kind: "other" as const,
        row: i,
        message: `Row ${i} (line ${i + 1}) has ${n} fields but the header has ${width}`,
      });
    }
  }
  if (problems.length === 0) {
    problems.push({ kind: "other" as const, message: `Polars cannot parse the file: ${detail}` });
  }
  const e = new DataValidationError(source, problems);
  (e as { cause?: unknown }).cause = err;
  return e;
}
