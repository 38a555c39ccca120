/**
 * Private core of both loaders: columns → validated, regular series. Problems
 * are added to a list; the caller throws once.
 *
 * @module
 */

import { clip } from "../net/clip.ts";
import type { CsvTable } from "./polars.ts";
import type { CsvSeriesOptions } from "./csv_series_options.ts";
import { parseFrequency } from "./frequency.ts";
import { createTimestampParser, parseUtcOffset } from "./timestamp.ts";
import { buildTimeline } from "./timeline.ts";
import { parseNumberColumn, type ProblemList, where } from "./_problems.ts";
import type { Covariate, TimeSeriesData } from "./types.ts";

const DAY_MS = 86_400_000;

/** The parsed source rows, for extra checks by a caller (a dataset's own loader). */
export interface SeriesExtras {
  /** Numeric columns by name, per source row (NaN where unparsable). */
  numeric: Map<string, Float64Array>;
  /** Epoch ms per source row, after the midnight fix (NaN where unparsable). */
  times: Float64Array;
}

/** Reads `table` as described by `options`; returns undefined when problems were found. */
export function seriesFromTable(
  table: CsvTable,
  source: string,
  options: CsvSeriesOptions,
  problems: ProblemList,
  extras?: (e: SeriesExtras) => void,
): TimeSeriesData | undefined {
  const covNames = options.covariates ?? [];
  const known = new Set(options.knownInAdvance ?? []);
  const labelNames = options.labelColumns ?? [];
  const used = [options.timestampColumn, options.targetColumn, ...covNames, ...labelNames];
  const dupUse = used.filter((c, i) => used.indexOf(c) !== i);
  if (dupUse.length > 0) {
    throw new RangeError(
      `Cannot use the column "${dupUse[0]}" twice: name each column in one role only`,
    );
  }
  for (const k of known) {
    if (!covNames.includes(k)) {
      throw new RangeError(
        `Cannot mark "${k}" as known in advance: it is not one of the covariates`,
      );
    }
  }
  const offset = parseUtcOffset(options.utcOffset ?? 0);
  const frequencyMs = options.frequency === undefined
    ? undefined
    : parseFrequency(options.frequency);
  const format = options.dateFormat ?? "iso";
  const parse = createTimestampParser(format, offset);

  // Columns: duplicates, missing, unexpected.
  const header = table.header;
  const counts = new Map<string, number>();
  for (const h of header) counts.set(h, (counts.get(h) ?? 0) + 1);
  for (const [h, c] of counts) {
    if (c > 1) {
      problems.add({
        kind: "unexpected-column",
        column: h,
        message: `Column "${
          clip(h, 80)
        }" appears ${c} times in the header: give each column a unique name`,
      });
    }
  }
  const missing = used.filter((c) => !counts.has(c));
  for (const c of missing) {
    problems.add({
      kind: "missing-column",
      column: c,
      message: `Column "${clip(c, 80)}" is missing: the header has ${
        clip(header.map((h) => `"${h}"`).join(", "), 300)
      }`,
    });
  }
  const extra = header.filter((h) => !used.includes(h));
  const mode = options.extraColumns ?? "warn";
  if (extra.length > 0 && mode === "error") {
    for (const c of extra) {
      problems.add({
        kind: "unexpected-column",
        column: c,
        message: `Column "${
          clip(c, 80)
        }" is unexpected: remove it or name it as a covariate or label`,
      });
    }
  } else if (extra.length > 0 && mode === "warn") {
    options.onWarning?.(
      `Ignoring ${extra.length} column(s) of "${clip(source, 200)}": ${
        clip(extra.map((c) => `"${c}"`).join(", "), 300)
      }`,
    );
  }
  if (table.rowCount === 0) {
    problems.add({ kind: "empty", message: "The file has a header but no data rows" });
    return undefined;
  }

  // Timestamps.
  const hasTime = counts.has(options.timestampColumn);
  const rawTimes = hasTime ? table.column(options.timestampColumn) : [];
  const times = new Float64Array(table.rowCount).fill(NaN);
  let datesOk = hasTime;
  for (let i = 0; i < rawTimes.length; i++) {
    const t = parse(rawTimes[i]!);
    if (t === undefined) {
      datesOk = false;
      problems.add({
        kind: "bad-date",
        row: i + 1,
        column: options.timestampColumn,
        value: rawTimes[i]!,
        message: `${where(i)}, column "${clip(options.timestampColumn, 80)}": cannot read "${
          clip(rawTimes[i]!, 80)
        }" with the date format "${clip(format, 80)}"`,
      });
      continue;
    }
    times[i] = options.midnightIsEndOfDay && (t + offset * 60_000) % DAY_MS === 0 ? t + DAY_MS : t;
  }

  // Numbers.
  const naValues = options.naValues ?? [];
  const numeric = new Map<string, Float64Array>();
  for (const c of [options.targetColumn, ...covNames]) {
    if (counts.has(c)) numeric.set(c, parseNumberColumn(table, c, problems, naValues));
  }
  extras?.({ numeric, times });
  if (!datesOk || missing.length > 0) return undefined;

  const timeline = buildTimeline(times, {
    ...(frequencyMs === undefined ? {} : { frequencyMs }),
    fillGaps: options.fillGaps ?? false,
    sort: options.sort ?? false,
    offsetMinutes: offset,
  }, problems);
  if (!timeline) return undefined;
  const rows = timeline.sourceRow;

  const pick = (values: Float64Array): Float64Array => {
    const out = new Float64Array(rows.length);
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k]!;
      out[k] = r < 0 ? NaN : values[r]!;
    }
    return out;
  };
  const covariates: Covariate[] = covNames.map((name) => ({
    name,
    values: pick(numeric.get(name)!),
    knownInAdvance: known.has(name),
  }));
  const data: TimeSeriesData = {
    source,
    timestamps: timeline.timestamps,
    frequencyMs: timeline.frequencyMs,
    targetName: options.targetColumn,
    target: pick(numeric.get(options.targetColumn)!),
    covariates,
    utcOffsetMinutes: offset,
  };
  if (labelNames.length > 0) {
    data.labels = {};
    for (const name of labelNames) {
      const raw = table.column(name);
      data.labels[name] = Array.from(rows, (r) => (r < 0 ? "" : raw[r]!));
    }
  }
  return data;
}
