/**
 * Renders runs as a plain-text table for the terminal: id, name, status,
 * start, duration, the params that tell the runs apart, and the key metrics.
 *
 * @module
 */

import type { RunSummary } from "./types.ts";
import { RUN_PARAMS, RUN_TAGS } from "./vocabulary.ts";

/** Options of {@linkcode formatRunsTable}. */
export interface FormatRunsOptions {
  /** A metric to show first (the sort key). */
  sort?: string;
  /** At most this many param columns. @default 4 */
  maxParams?: number;
  /** At most this many metric columns. @default 6 */
  maxMetrics?: number;
  /** Exactly these param columns (overrides the choice and `maxParams`). */
  params?: readonly string[];
  /** Exactly these metric columns (overrides the choice and `maxMetrics`). */
  metrics?: readonly string[];
}

const KEY_METRICS = [
  "rmse",
  "mae",
  "wql",
  "mape",
  "wape",
  "r2",
  "coverage",
  "mase",
  "windows_per_second",
  "loss",
  "val_loss",
];
// The shared vocabulary first, in its order (vocabulary.ts), then task-specific keys.
const KEY_PARAMS = RUN_PARAMS.map((p) => p.key);

function rank(key: string, words: readonly string[]): number {
  const exact = words.indexOf(key);
  if (exact >= 0) return exact;
  const i = words.findIndex((w) => key === w || key.endsWith(`_${w}`) || key.endsWith(`/${w}`));
  if (i >= 0) return i;
  const j = words.findIndex((w) => key.includes(w));
  return j >= 0 ? words.length + j : 2 * words.length;
}

function byRank(keys: Iterable<string>, words: readonly string[]): string[] {
  return [...keys].sort((a, b) => rank(a, words) - rank(b, words) || a.localeCompare(b));
}

function formatNumber(v: number | undefined): string {
  if (v === undefined) return "-";
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (Number.isInteger(v) && Math.abs(v) < 1e7) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e7) ? v.toExponential(3) : String(Number(v.toPrecision(5)));
}

function formatTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}

function formatDuration(run: RunSummary): string {
  if (run.endTime === null) return "-";
  const s = Math.max(0, Math.round((run.endTime - run.startTime) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  if (s < 172800) {
    return `${Math.floor(s / 3600)}h${String(Math.floor(s / 60) % 60).padStart(2, "0")}m`;
  }
  return `${Math.floor(s / 86400)}d${String(Math.floor(s / 3600) % 24).padStart(2, "0")}h`;
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

/**
 * Formats runs as an aligned text table (times in UTC). With several runs,
 * the params shown are those whose values differ between runs (the shared
 * vocabulary first), and runs of different kinds get a kind column.
 *
 * @param runs the runs, in display order
 * @param options sort metric and column limits
 * @returns the table, ending in a newline ("No runs" when empty)
 * @example Usage
 * ```ts
 * import { formatRunsTable } from "@chronos-deno/chronos-deno/tracking";
 * const text = formatRunsTable([]);
 * if (!text.startsWith("No runs")) throw new Error();
 * ```
 */
export function formatRunsTable(
  runs: readonly RunSummary[],
  options: FormatRunsOptions = {},
): string {
  if (runs.length === 0) return "No runs\n";
  const paramKeys = new Set(runs.flatMap((r) => Object.keys(r.params)));
  const varying = runs.length === 1
    ? [...paramKeys]
    : [...paramKeys].filter((k) => new Set(runs.map((r) => r.params[k])).size > 1);
  const params = options.params
    ? [...options.params]
    : byRank(varying, KEY_PARAMS).slice(0, options.maxParams ?? 4);
  const metricKeys = new Set(runs.flatMap((r) => Object.keys(r.metrics)));
  const sortKey = options.sort?.replace(/^-/, "");
  let metrics = byRank([...metricKeys].filter((k) => k !== sortKey), KEY_METRICS);
  if (sortKey !== undefined && metricKeys.has(sortKey)) metrics = [sortKey, ...metrics];
  metrics = options.metrics ? [...options.metrics] : metrics.slice(0, options.maxMetrics ?? 6);
  const kinds = new Set(runs.map((r) => r.tags[RUN_TAGS.kind] ?? "-")).size > 1;
  const experiments = new Set(runs.map((r) => r.experimentName)).size > 1;
  const header = [
    "run",
    "name",
    ...(experiments ? ["experiment"] : []),
    ...(kinds ? ["kind"] : []),
    "status",
    "start (UTC)",
    "time",
    ...params,
    ...metrics,
  ];
  const rows = runs.map((r) => [
    r.runId.slice(0, 8),
    clip(r.runName, 24),
    ...(experiments ? [clip(r.experimentName, 32)] : []),
    ...(kinds ? [r.tags[RUN_TAGS.kind] ?? "-"] : []),
    r.status,
    formatTime(r.startTime),
    formatDuration(r),
    ...params.map((k) => clip(r.params[k] ?? "-", 20)),
    ...metrics.map((k) => formatNumber(r.metrics[k])),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const numeric = header.map((_, i) => i >= header.length - metrics.length);
  const line = (cells: string[]) =>
    cells.map((c, i) => numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)).join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") +
    "\n";
}
