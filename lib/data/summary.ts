/**
 * A summary of a loaded series: rows, span, per-column statistics, label
 * counts and split ranges, as data and as text.
 *
 * @module
 */

import { formatDuration } from "./frequency.ts";
import { chronologicalSplits, type SplitFractions } from "./splits.ts";
import { formatTimestamp } from "./timestamp.ts";
import type { TimeSeriesData } from "./types.ts";

/** Statistics of one numeric column (NaN values skipped and counted). */
export interface ColumnSummary {
  /** Column name. */
  name: string;
  /** Smallest value. */
  min: number;
  /** Largest value. */
  max: number;
  /** Mean. */
  mean: number;
  /** Sample standard deviation (n − 1). */
  std: number;
  /** Number of NaN values. */
  missing: number;
}

/** One split's rows and first/last timestamps. */
export interface SplitSummary {
  /** First row (0-based). */
  start: number;
  /** One past the last row. */
  end: number;
  /** Number of rows. */
  rows: number;
  /** Timestamp of the first row (ISO, in the data's zone). */
  first: string;
  /** Timestamp of the last row. */
  last: string;
}

/** Everything `deno task data` prints. */
export interface DataSummary {
  /** The file. */
  source: string;
  /** Number of rows. */
  rows: number;
  /** First timestamp (ISO, in the data's zone). */
  first: string;
  /** Last timestamp. */
  last: string;
  /** Step, e.g. "15 min". */
  frequency: string;
  /** The target column first, then the covariates. */
  columns: ColumnSummary[];
  /** Count of each value of each label column, e.g. `{ shift: { night: 11680, … } }`. */
  labelCounts: Record<string, Record<string, number>>;
  /** The chronological splits. */
  splits: { train: SplitSummary; val: SplitSummary; test: SplitSummary };
}

/**
 * Summarises a series.
 *
 * @param data the series
 * @param fractions split fractions @default { train: 0.7, val: 0.15 }
 * @returns the summary
 * @example Usage
 * ```ts
 * import { summarizeSeries } from "@chronos-deno/chronos-deno/data";
 * import assert from "node:assert/strict";
 * const s = summarizeSeries({ source: "x", timestamps: new Float64Array([0, 1000, 2000, 3000]),
 *   frequencyMs: 1000, targetName: "y", target: new Float64Array([1, 2, 3, 4]), covariates: [] });
 * assert.equal(s.columns[0]!.mean, 2.5);
 * assert.deepEqual([s.splits.test.start, s.splits.test.end], [3, 4]);
 * ```
 */
export function summarizeSeries(
  data: TimeSeriesData,
  fractions: SplitFractions = { train: 0.7, val: 0.15 },
): DataSummary {
  const off = data.utcOffsetMinutes ?? 0;
  const iso = (i: number) => formatTimestamp(data.timestamps[i]!, off);
  const n = data.target.length;
  const splits = chronologicalSplits(n, fractions);
  const split = (r: { start: number; end: number }): SplitSummary => ({
    start: r.start,
    end: r.end,
    rows: r.end - r.start,
    first: r.end > r.start ? iso(r.start) : "",
    last: r.end > r.start ? iso(r.end - 1) : "",
  });
  const labelCounts: Record<string, Record<string, number>> = {};
  for (const [name, values] of Object.entries(data.labels ?? {})) {
    const c: Record<string, number> = {};
    for (const v of values) c[v] = (c[v] ?? 0) + 1;
    labelCounts[name] = c;
  }
  return {
    source: data.source,
    rows: n,
    first: iso(0),
    last: iso(n - 1),
    frequency: formatDuration(data.frequencyMs),
    columns: [
      columnSummary(data.targetName, data.target),
      ...data.covariates.map((c) => columnSummary(c.name, c.values)),
    ],
    labelCounts,
    splits: { train: split(splits.train), val: split(splits.val), test: split(splits.test) },
  };
}

function columnSummary(name: string, v: Float64Array): ColumnSummary {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let n = 0;
  for (const x of v) {
    if (Number.isNaN(x)) continue;
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
    n++;
  }
  const mean = n > 0 ? sum / n : NaN;
  let ss = 0;
  for (const x of v) if (!Number.isNaN(x)) ss += (x - mean) ** 2;
  return {
    name,
    min: n > 0 ? min : NaN,
    max: n > 0 ? max : NaN,
    mean,
    std: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN,
    missing: v.length - n,
  };
}

/**
 * Writes a summary as an aligned plain-text report.
 *
 * @param s the summary
 * @returns lines of text ending with a newline
 * @example Usage
 * ```ts
 * import { formatSummary, summarizeSeries } from "@chronos-deno/chronos-deno/data";
 * import assert from "node:assert/strict";
 * const s = summarizeSeries({ source: "x", timestamps: new Float64Array([0, 1000, 2000, 3000]),
 *   frequencyMs: 1000, targetName: "y", target: new Float64Array([1, 2, 3, 4]), covariates: [] });
 * assert.match(formatSummary(s), /4 rows, every 1 s/);
 * ```
 */
export function formatSummary(s: DataSummary): string {
  const out: string[] = [];
  out.push(`${s.source}`);
  out.push(`${s.rows} rows, every ${s.frequency}, ${s.first} to ${s.last}`);
  out.push("");
  const width = Math.max(6, ...s.columns.map((c) => c.name.length));
  const num = (x: number) =>
    (Number.isNaN(x) ? "NaN" : Number(x.toPrecision(8)).toString()).padStart(12);
  out.push(
    `${"column".padEnd(width)} ${"min".padStart(12)} ${"max".padStart(12)} ${"mean".padStart(12)} ${
      "std".padStart(12)
    } ${"missing".padStart(8)}`,
  );
  for (const c of s.columns) {
    out.push(
      `${c.name.padEnd(width)} ${num(c.min)} ${num(c.max)} ${num(c.mean)} ${num(c.std)} ${
        String(c.missing).padStart(8)
      }`,
    );
  }
  if (Object.keys(s.labelCounts).length > 0) out.push("");
  for (const [name, counts] of Object.entries(s.labelCounts)) {
    out.push(`${name}: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  }
  out.push("");
  out.push("split  rows (0-based)    count  first                      last");
  for (const name of ["train", "val", "test"] as const) {
    const r = s.splits[name];
    out.push(
      `${name.padEnd(6)} ${`${r.start}–${r.end - 1}`.padEnd(17)} ${String(r.rows).padStart(6)}  ${
        r.first.padEnd(25)
      }  ${r.last}`,
    );
  }
  return out.join("\n") + "\n";
}
