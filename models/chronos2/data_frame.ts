/**
 * The long-format DataFrame entry point (`predict_df`): one row per (item,
 * timestamp) with target and covariate columns; covariate columns that also
 * appear in the future frame are known-future covariates. Reads any frame with
 * `columns` and `getColumn(name).toArray()` (nodejs-polars DataFrames qualify)
 * or a plain record of column arrays, and lays the forecast out as the
 * official `predict_df` does.
 *
 * @module
 */

import { type DataProblem, DataValidationError } from "../../lib/errors.ts";
import { parseFrequency } from "../../lib/data/frequency.ts";
import { createTimestampParser } from "../../lib/data/timestamp.ts";
import type { ColumnValues } from "../../lib/data/polars.ts";
import type { PredictOptions, QuantileForecasts } from "./predict_types.ts";
import type { CovariateValues, TaskInput } from "./inputs.ts";

/** A column-oriented table (a nodejs-polars DataFrame satisfies it). */
export interface FrameLike {
  /** Column names. */
  columns: string[];
  /** A column by name. */
  getColumn(name: string): { toArray(): unknown[] };
}

/** Columns by name. */
export type ColumnRecord = Record<string, readonly unknown[]>;

/** Options of `predictDataFrame` (the official `predict_df` arguments). */
export interface DataFrameOptions extends PredictOptions {
  /**
   * Known future covariate values: the id and timestamp columns and covariate columns of the
   * history frame (no target), `predictionLength` rows per item at the forecast timestamps.
   */
  futureDf?: FrameLike | ColumnRecord;
  /** Column of series ids. @default "item_id" */
  idColumn?: string;
  /**
   * Column of timestamps: `Date`s, epoch ms, or ISO text (UTC unless it has an offset).
   * @default "timestamp"
   */
  timestampColumn?: string;
  /** Target column(s). @default "target" */
  target?: string | string[];
  /** Levels of the quantile columns. @default [0.1, …, 0.9] */
  quantileLevels?: number[];
  /**
   * Sampling frequency, e.g. `"15min"`, `"1h"` or milliseconds. Without it, it is inferred
   * from every item's timestamps, which then need at least 3 points (as `pandas.infer_freq`).
   * @default inferred
   */
  freq?: string | number;
}

/**
 * Reads a frame-like or record into plain column arrays.
 *
 * @param df the frame
 * @returns columns by name
 * @example Usage
 * ```ts
 * import { toColumns } from "@chronos-deno/chronos-deno/chronos2";
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

const parseIso = createTimestampParser("iso", 0);

function toMs(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") return parseIso(v) ?? NaN;
  return NaN;
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
  /** The sampling frequency (given or inferred), in ms. */
  frequencyMs: number;
}

/** Rows of each item (first-appearance order), sorted by time, with their times. */
function groupRows(
  cols: ColumnRecord,
  idCol: string,
  tsCol: string,
  problems: DataProblem[],
): Map<unknown, { rows: number[]; times: number[] }> {
  const groups = new Map<unknown, { rows: number[]; times: number[] }>();
  cols[idCol]!.forEach((id, i) => {
    const t = toMs(cols[tsCol]![i]);
    if (!Number.isFinite(t)) {
      problems.push({
        kind: "bad-date",
        row: i + 1,
        column: tsCol,
        value: String(cols[tsCol]![i]),
        message: `row ${i + 1}: cannot read the timestamp "${String(cols[tsCol]![i])}"`,
      });
    }
    const g = groups.get(id) ?? groups.set(id, { rows: [], times: [] }).get(id)!;
    g.rows.push(i);
  });
  for (const g of groups.values()) {
    g.rows.sort((a, b) => toMs(cols[tsCol]![a]) - toMs(cols[tsCol]![b]));
    g.times = g.rows.map((i) => toMs(cols[tsCol]![i]));
  }
  return groups;
}

/** The item's step: checked against `given`, else inferred (≥ 3 points, all steps equal). */
function itemStep(id: unknown, t: number[], given: number | undefined): number | DataProblem {
  const item = `item "${String(id)}"`;
  if (given === undefined && t.length < 3) {
    return {
      kind: "too-short",
      message: `${item} has ${t.length} timestamp(s): at least 3 are needed to infer the ` +
        `frequency; give freq to forecast shorter series`,
    };
  }
  const step = given ?? t[1]! - t[0]!;
  const k = t.findIndex((x, i) => i > 0 && (step <= 0 || x - t[i - 1]! !== step));
  if (k < 0) return step;
  const d = t[k]! - t[k - 1]!;
  return {
    kind: d === 0 ? "duplicate-timestamp" : "irregular-frequency",
    message: `${item}: timestamps must be regular (every step ${
      given === undefined ? "the same" : `${given} ms`
    }): a step of ${d} ms follows ${new Date(t[k - 1]!).toISOString()}`,
  };
}

function columnProblems(what: string, names: readonly string[]): DataProblem[] {
  return names.map((c) => ({ kind: "missing-column" as const, column: c, message: what + c }));
}

/**
 * Groups a long frame into tasks (items in first-appearance order, rows sorted by time) and
 * validates it as the official `predict_df` does: every item regular at one frequency (given
 * as `freq` or inferred from at least 3 points), and a future frame with the same items,
 * exactly `predictionLength` rows each at the forecast timestamps, and only covariate columns of `df`.
 *
 * @param df the history frame
 * @param predictionLength steps to forecast
 * @param options column names, frequency and the future frame
 * @returns tasks and labels
 * @throws {DataValidationError} listing every problem: missing columns, unreadable or
 *   irregular timestamps, too-short items, or a future frame that does not fit
 * @throws {RangeError} when `freq` does not parse
 * @example Usage
 * ```ts
 * import { frameToTasks } from "@chronos-deno/chronos-deno/chronos2";
 * const df = { item_id: ["a", "a", "a"], timestamp: [0, 1, 2], target: [1, 2, 3] };
 * const r = frameToTasks(df, 2, {});
 * if (r.futureTimes[0]!.join() !== "3,4") throw new Error();
 * ```
 */
export function frameToTasks(
  df: FrameLike | ColumnRecord,
  predictionLength: number,
  options: DataFrameOptions,
): FrameTasks {
  const cols = toColumns(df);
  const idCol = options.idColumn ?? "item_id";
  const tsCol = options.timestampColumn ?? "timestamp";
  const targets = typeof options.target === "string"
    ? [options.target]
    : options.target ?? ["target"];
  const given = options.freq === undefined ? undefined : parseFrequency(options.freq);
  const missing = [idCol, tsCol, ...targets].filter((c) => !(c in cols));
  if (missing.length) {
    throw new DataValidationError("data frame", columnProblems("missing column ", missing));
  }
  const fut = options.futureDf ? toColumns(options.futureDf) : undefined;
  if (fut) checkFutureColumns(fut, cols, idCol, tsCol, targets);
  const covNames = Object.keys(cols).filter((c) =>
    c !== idCol && c !== tsCol && !targets.includes(c)
  );
  const known = fut ? covNames.filter((c) => c in fut) : [];
  const problems: DataProblem[] = [];
  const hist = groupRows(cols, idCol, tsCol, problems);
  if (problems.length) throw new DataValidationError("data frame", problems);
  const futGroups = fut ? groupRows(fut, idCol, tsCol, problems) : undefined;
  if (problems.length) throw new DataValidationError("future data frame", problems);
  const steps = new Map<unknown, number>();
  for (const [id, { times }] of hist) {
    const step = itemStep(id, times, given);
    if (typeof step === "number") steps.set(id, step);
    else problems.push(step);
  }
  const distinct = [...new Set(steps.values())];
  if (distinct.length > 1) {
    problems.push({
      kind: "irregular-frequency",
      message: `every item must have the same frequency: found steps of ${distinct.join(", ")} ms`,
    });
  }
  if (problems.length) throw new DataValidationError("data frame", problems);
  const frequencyMs = distinct[0] ?? given ?? NaN;
  const tasks: TaskInput[] = [];
  const futureTimes: number[][] = [];
  for (const [id, { rows, times }] of hist) {
    const last = times[times.length - 1]!;
    const expected = Array.from(
      { length: predictionLength },
      (_, k) => last + (k + 1) * frequencyMs,
    );
    futureTimes.push(expected);
    const num = (c: string) => rows.map((i) => cols[c]![i] as number | null);
    const task: TaskInput = { target: targets.length === 1 ? num(targets[0]!) : targets.map(num) };
    if (covNames.length) {
      task.pastCovariates = Object.fromEntries(
        covNames.map((c) => [c, rows.map((i) => cols[c]![i]) as CovariateValues]),
      );
    }
    if (fut && futGroups) {
      const fr = futGroups.get(id) ?? { rows: [], times: [] };
      const item = `item "${String(id)}"`;
      if (fr.rows.length !== predictionLength) {
        problems.push({
          kind: "other",
          message:
            `${item} has ${fr.rows.length} future rows: the prediction length is ${predictionLength}`,
        });
      } else if (fr.times.some((t, k) => t !== expected[k])) {
        problems.push({
          kind: "other",
          message: `${item}: the future timestamps must be the ${predictionLength} steps after ${
            new Date(last).toISOString()
          }`,
        });
      }
      task.futureCovariates = Object.fromEntries(
        known.map((c) => [c, fr.rows.map((i) => fut[c]![i]) as CovariateValues]),
      );
    }
    tasks.push(task);
  }
  for (const id of futGroups?.keys() ?? []) {
    if (!hist.has(id)) {
      problems.push({ kind: "other", message: `item "${String(id)}" is not in the history` });
    }
  }
  if (problems.length) throw new DataValidationError("future data frame", problems);
  return { tasks, ids: [...hist.keys()], futureTimes, targets, frequencyMs };
}

function checkFutureColumns(
  fut: ColumnRecord,
  cols: ColumnRecord,
  idCol: string,
  tsCol: string,
  targets: readonly string[],
): void {
  const problems = columnProblems("missing column ", [idCol, tsCol].filter((c) => !(c in fut)));
  for (const c of Object.keys(fut)) {
    if (targets.includes(c)) {
      problems.push({
        kind: "unexpected-column",
        column: c,
        message: `target column "${c}" cannot be in the future frame: remove it`,
      });
    } else if (!(c in cols)) {
      problems.push({
        kind: "unexpected-column",
        column: c,
        message: `column "${c}" is not in the history frame: a future covariate needs its past`,
      });
    }
  }
  if (problems.length) throw new DataValidationError("future data frame", problems);
}

/**
 * Lays forecasts out as the official `predict_df` does: columns `[id, timestamp, target_name,
 * predictions (the median), "0.1", …]` (one per level), rows ordered by item, target and step.
 *
 * @param frame the grouped frame (ids, targets and forecast timestamps)
 * @param forecasts `predictQuantiles` output for `frame.tasks` at `levels`
 * @param levels the quantile levels of the forecasts
 * @param options the id and timestamp column names
 * @returns the columns, in order (timestamps as `Date`)
 * @example Usage
 * ```ts
 * import { forecastColumns } from "@chronos-deno/chronos-deno/chronos2";
 * const frame = { tasks: [], ids: ["a"], futureTimes: [[0]], targets: ["y"], frequencyMs: 1 };
 * const forecasts = {
 *   quantiles: [{ data: Float32Array.of(1, 2), shape: [1, 1, 2] }],
 *   mean: [{ data: Float32Array.of(1.5), shape: [1, 1] }],
 * };
 * const cols = forecastColumns(frame, forecasts, [0.1, 0.9]);
 * if (cols.map(([n]) => n).join() !== "item_id,timestamp,target_name,predictions,0.1,0.9") {
 *   throw new Error();
 * }
 * ```
 */
export function forecastColumns(
  frame: FrameTasks,
  forecasts: QuantileForecasts,
  levels: readonly number[],
  options: Pick<DataFrameOptions, "idColumn" | "timestampColumn"> = {},
): [string, ColumnValues][] {
  const ids: unknown[] = [];
  const times: Date[] = [];
  const names: string[] = [];
  const median: number[] = [];
  const quantiles = levels.map(() => [] as number[]);
  frame.ids.forEach((id, item) => {
    const q = forecasts.quantiles[item]!;
    const h = frame.futureTimes[item]!.length;
    frame.targets.forEach((name, ti) => {
      for (let t = 0; t < h; t++) {
        ids.push(id);
        times.push(new Date(frame.futureTimes[item]![t]!));
        names.push(name);
        median.push(forecasts.mean[item]!.data[ti * h + t]!);
        levels.forEach((_, j) => quantiles[j]!.push(q.data[(ti * h + t) * levels.length + j]!));
      }
    });
  });
  return [
    [options.idColumn ?? "item_id", ids],
    [options.timestampColumn ?? "timestamp", times],
    ["target_name", names],
    ["predictions", Float32Array.from(median)],
    ...levels.map((l, j) =>
      [String(l), Float32Array.from(quantiles[j]!)] as [string, ColumnValues]
    ),
  ];
}
