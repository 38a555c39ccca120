/**
 * The long-format DataFrame entry point (`predict_df`): one row per (item,
 * timestamp) with a target column and covariate columns; columns that also
 * appear in the future frame are known-future covariates. Works on any frame
 * with `columns` and `getColumn(name).toArray()` (nodejs-polars DataFrames
 * qualify) or on a plain record of column arrays; returns a record of columns
 * (`pl.DataFrame(result)` turns it into a polars frame).
 *
 * @module
 */

import { DataValidationError } from "../../lib/errors.ts";
import type { PredictOptions } from "./pipeline.ts";
import type { CovariateValues, TaskInput } from "./preprocess.ts";

/** A column-oriented table (a nodejs-polars DataFrame satisfies it). */
export interface FrameLike {
  /** Column names. */
  columns: string[];
  /** A column by name. */
  getColumn(name: string): { toArray(): unknown[] };
}

/** Columns by name. */
export type ColumnRecord = Record<string, readonly unknown[]>;

/** Options of `predictDataFrame`. */
export interface DataFrameOptions extends PredictOptions {
  /** Known future covariate values: `predictionLength` rows per item. */
  futureDf?: FrameLike | ColumnRecord;
  /** Column of series ids. @default "item_id" */
  idColumn?: string;
  /** Column of timestamps. @default "timestamp" */
  timestampColumn?: string;
  /** Target column(s). @default "target" */
  target?: string | string[];
  /** Levels of the quantile columns. @default [0.1, …, 0.9] */
  quantileLevels?: number[];
}

/**
 * Reads a frame-like or record into plain column arrays.
 *
 * @param df the frame
 * @returns columns by name
 * @example Usage
 * ```ts
 * import { toColumns } from "./data_frame.ts";
 * if (toColumns({ a: [1] }).a![0] !== 1) throw new Error();
 * ```
 */
export function toColumns(df: FrameLike | ColumnRecord): ColumnRecord {
  if (
    typeof (df as FrameLike).getColumn === "function" && Array.isArray((df as FrameLike).columns)
  ) {
    const f = df as FrameLike;
    return Object.fromEntries(f.columns.map((c) => [c, f.getColumn(c).toArray()]));
  }
  return df as ColumnRecord;
}

function toMs(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  return Date.parse(String(v));
}

/** Tasks grouped from a long frame, with what is needed to label the output. */
export interface FrameTasks {
  /** One task per item. */
  tasks: TaskInput[];
  /** Item ids, in first-appearance order. */
  ids: unknown[];
  /** Future timestamps per item (epoch ms). */
  futureTimes: number[][];
  /** Target column names. */
  targets: string[];
}

/**
 * Groups a long frame into tasks (items in first-appearance order, rows sorted by time).
 *
 * @param df the history frame
 * @param h the horizon
 * @param options column names and the future frame
 * @returns tasks and labels
 * @throws {DataValidationError} for missing columns, irregular timestamps, or a future frame of the wrong size
 * @example Usage
 * ```ts
 * import { frameToTasks } from "./data_frame.ts";
 * const r = frameToTasks({ item_id: ["a", "a", "a"], timestamp: [0, 1, 2], target: [1, 2, 3] }, 2, {});
 * if (r.futureTimes[0]!.join() !== "3,4") throw new Error();
 * ```
 */
export function frameToTasks(
  df: FrameLike | ColumnRecord,
  h: number,
  options: DataFrameOptions,
): FrameTasks {
  const cols = toColumns(df);
  const idCol = options.idColumn ?? "item_id";
  const tsCol = options.timestampColumn ?? "timestamp";
  const targets = typeof options.target === "string"
    ? [options.target]
    : options.target ?? ["target"];
  const missing = [idCol, tsCol, ...targets].filter((c) => !(c in cols));
  if (missing.length) {
    throw new DataValidationError(
      "data frame",
      missing.map((c) => ({
        kind: "missing-column",
        column: c,
        message: `column "${c}" is missing`,
      })),
    );
  }
  const covNames = Object.keys(cols).filter((c) =>
    c !== idCol && c !== tsCol && !targets.includes(c)
  );
  const fut = options.futureDf ? toColumns(options.futureDf) : undefined;
  const known = fut ? covNames.filter((c) => c in fut) : [];
  const groups = (c: ColumnRecord) => {
    const m = new Map<unknown, number[]>();
    c[idCol]!.forEach((id, i) => (m.get(id) ?? m.set(id, []).get(id)!).push(i));
    for (const rows of m.values()) rows.sort((a, b) => toMs(c[tsCol]![a]) - toMs(c[tsCol]![b]));
    return m;
  };
  const hist = groups(cols);
  const futGroups = fut ? groups(fut) : undefined;
  const tasks: TaskInput[] = [];
  const futureTimes: number[][] = [];
  const problems: { kind: "irregular-frequency" | "too-short" | "other"; message: string }[] = [];
  for (const [id, rows] of hist) {
    const t = rows.map((i) => toMs(cols[tsCol]![i]));
    const step = t.length > 1 ? t[1]! - t[0]! : NaN;
    if (t.length < 2 || t.some((x, i) => i > 0 && x - t[i - 1]! !== step)) {
      problems.push({
        kind: "irregular-frequency",
        message: `item "${String(id)}": timestamps must be regular with at least 2 points`,
      });
      continue;
    }
    const num = (c: string) => rows.map((i) => cols[c]![i] as number | null);
    const task: TaskInput = { target: targets.length === 1 ? num(targets[0]!) : targets.map(num) };
    if (covNames.length) {
      task.pastCovariates = Object.fromEntries(
        covNames.map((c) => [c, rows.map((i) => cols[c]![i]) as CovariateValues]),
      );
    }
    if (futGroups) {
      const fr = futGroups.get(id) ?? [];
      if (fr.length !== h) {
        problems.push({
          kind: "other",
          message: `item "${
            String(id)
          }": the future frame has ${fr.length} rows, the prediction length is ${h}`,
        });
      }
      task.futureCovariates = Object.fromEntries(
        known.map((c) => [c, fr.map((i) => fut![c]![i]) as CovariateValues]),
      );
    }
    tasks.push(task);
    futureTimes.push(Array.from({ length: h }, (_, k) => t[t.length - 1]! + (k + 1) * step));
  }
  if (problems.length) throw new DataValidationError("data frame", problems);
  return { tasks, ids: [...hist.keys()], futureTimes, targets };
}
