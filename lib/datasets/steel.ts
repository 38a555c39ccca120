/**
 * The loader of the UCI steel industry energy file: BOM, CRLF, day-first
 * dates, the end-of-day `00:00` quirk and the fixed +09:00 zone handled, the
 * schema, categories and calendar checked, the 9 covariates built.
 *
 * @module
 */

import { readCsvTable } from "../data/polars.ts";
import { ProblemList, where } from "../data/_problems.ts";
import { seriesFromTable } from "../data/_series_from_table.ts";
import { STEEL_NUMERIC_COVARIATES, steelCovariates } from "./steel_covariates.ts";
import type { TimeSeriesData } from "../data/types.ts";

/** The UCI file's header, verbatim (note the single `.` in the lagging reactive power). */
export const STEEL_HEADER: readonly string[] = [
  "date",
  "Usage_kWh",
  "Lagging_Current_Reactive.Power_kVarh",
  "Leading_Current_Reactive_Power_kVarh",
  "CO2(tCO2)",
  "Lagging_Current_Power_Factor",
  "Leading_Current_Power_Factor",
  "NSM",
  "WeekStatus",
  "Day_of_week",
  "Load_Type",
];

/** Data rows in the UCI file: one year at 15 minutes. */
export const STEEL_ROWS = 35040;
/** Korea's fixed zone, minutes east of UTC (no daylight saving time). */
export const STEEL_UTC_OFFSET_MINUTES = 540;
/** 15 minutes in milliseconds. */
export const STEEL_FREQUENCY_MS = 900_000;
/** The target column. */
export const STEEL_TARGET = "Usage_kWh";

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const CATEGORIES: Record<string, readonly string[]> = {
  WeekStatus: ["Weekday", "Weekend"],
  "Day_of_week": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
  "Load_Type": ["Light_Load", "Medium_Load", "Maximum_Load"],
};

/** Options of {@linkcode loadSteelData}. */
export interface SteelLoadOptions {
  /** Fill missing 15-minute steps with NaN rows instead of failing. @default false */
  fillGaps?: boolean;
  /** Fail unless the file has exactly this many data rows (e.g. {@linkcode STEEL_ROWS}). @default no check */
  expectedRows?: number;
  /** Check that NSM, Day_of_week and WeekStatus agree with each row's timestamp. @default true */
  checkCalendar?: boolean;
}

/**
 * Loads the UCI steel file. Dates are read day-first (`dd/mm/yyyy HH:MM`) in the fixed
 * +09:00 zone; each `00:00` row, which closes the day it names, is moved to the next day,
 * so timestamps are end-labelled and strictly 15 minutes apart (2018-01-01 00:15 to
 * 2019-01-01 00:00 for the full file). Every problem is collected and thrown once.
 *
 * @param path the CSV file
 * @param options gap filling, row count and calendar checks
 * @returns the series: target `Usage_kWh`, the 9 covariates, labels `Load_Type`,
 *   `Day_of_week` and `WeekStatus`
 * @throws {DataValidationError} on a wrong header, unparsable or out-of-range values,
 *   unknown categories, calendar mismatches, duplicates, gaps or a wrong row count
 * @throws {Deno.errors.NotFound} when the file does not exist
 * @example Usage
 * ```ts ignore
 * import { loadSteelData } from "@chronos-deno/chronos-deno/datasets";
 * const data = await loadSteelData("Steel_industry_data.csv");
 * console.log(data.target.length); // 35040
 * ```
 */
export async function loadSteelData(
  path: string,
  options: SteelLoadOptions = {},
): Promise<TimeSeriesData> {
  const table = await readCsvTable(path);
  const problems = new ProblemList();

  for (const [column, allowed] of Object.entries(CATEGORIES)) {
    if (!table.header.includes(column)) continue;
    const values = table.column(column);
    for (let i = 0; i < values.length; i++) {
      if (!allowed.includes(values[i]!)) {
        problems.add({
          kind: "other",
          row: i + 1,
          column,
          value: values[i]!,
          message: `${where(i)}, column "${column}": "${values[i]}" is not one of ${
            allowed.map((a) => `"${a}"`).join(", ")
          }`,
        });
      }
    }
  }

  let times: Float64Array = new Float64Array(0);
  let numeric = new Map<string, Float64Array>();
  const data = seriesFromTable(
    table,
    path,
    {
      timestampColumn: "date",
      targetColumn: STEEL_TARGET,
      covariates: [...STEEL_NUMERIC_COVARIATES],
      labelColumns: ["WeekStatus", "Day_of_week", "Load_Type"],
      dateFormat: "%d/%m/%Y %H:%M",
      utcOffset: STEEL_UTC_OFFSET_MINUTES,
      frequency: STEEL_FREQUENCY_MS,
      midnightIsEndOfDay: true,
      extraColumns: "error",
      fillGaps: options.fillGaps ?? false,
    },
    problems,
    (e) => {
      times = e.times;
      numeric = e.numeric;
    },
  );

  checkRanges(numeric, problems);
  if (options.checkCalendar ?? true) checkCalendar(table, times, numeric, problems);
  if (options.expectedRows !== undefined && table.rowCount !== options.expectedRows) {
    problems.add({
      kind: "other",
      message: `The file has ${table.rowCount} data rows, expected ${options.expectedRows}: ` +
        "download the UCI file again",
    });
  }
  problems.throwIfAny(path);

  const d = data!;
  const byName: Record<string, Float64Array> = {};
  for (const c of d.covariates) byName[c.name] = c.values;
  d.covariates = steelCovariates(byName, d.labels!);
  return d;
}

function checkRanges(numeric: Map<string, Float64Array>, problems: ProblemList): void {
  for (const [column, values] of numeric) {
    const max = column.endsWith("Power_Factor") ? 100 : column === "NSM" ? 85_500 : Infinity;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) continue;
      const bad = v < 0 || v > max || (column === "NSM" && v % 900 !== 0);
      if (bad) {
        problems.add({
          kind: "bad-number",
          row: i + 1,
          column,
          value: String(v),
          message: `${where(i)}, column "${column}": ${v} is out of range (${
            column === "NSM" ? "0 to 85500 in steps of 900" : `0 to ${max}`
          })`,
        });
      }
    }
  }
}

function checkCalendar(
  table: { header: string[]; column(name: string): string[] },
  times: Float64Array,
  numeric: Map<string, Float64Array>,
  problems: ProblemList,
): void {
  const nsm = numeric.get("NSM");
  const has = (c: string) => table.header.includes(c);
  const day = has("Day_of_week") ? table.column("Day_of_week") : undefined;
  const week = has("WeekStatus") ? table.column("WeekStatus") : undefined;
  const offset = STEEL_UTC_OFFSET_MINUTES * 60_000;
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    if (Number.isNaN(t)) continue;
    const local = t + offset;
    const seconds = ((local % 86_400_000) / 1000) % 86_400;
    if (nsm && !Number.isNaN(nsm[i]!) && nsm[i] !== seconds) {
      problems.add({
        kind: "other",
        row: i + 1,
        column: "NSM",
        value: String(nsm[i]),
        message: `${where(i)}, column "NSM": ${
          nsm[i]
        } does not match the time of day (${seconds} s)`,
      });
    }
    // 1970-01-01 was a Thursday (index 4 in DAYS).
    const dayNumber = Math.floor((local - STEEL_FREQUENCY_MS) / 86_400_000);
    const expected = DAYS[(((dayNumber + 4) % 7) + 7) % 7]!;
    if (day && DAYS.includes(day[i]!) && day[i] !== expected) {
      problems.add({
        kind: "other",
        row: i + 1,
        column: "Day_of_week",
        value: day[i]!,
        message: `${where(i)}, column "Day_of_week": "${
          day[i]
        }" but the interval falls on a ${expected}`,
      });
    }
    if (day && week && DAYS.includes(day[i]!) && CATEGORIES.WeekStatus!.includes(week[i]!)) {
      const weekend = day[i] === "Saturday" || day[i] === "Sunday";
      if ((week[i] === "Weekend") !== weekend) {
        problems.add({
          kind: "other",
          row: i + 1,
          column: "WeekStatus",
          value: week[i]!,
          message: `${where(i)}, column "WeekStatus": "${week[i]}" does not fit "${day[i]}"`,
        });
      }
    }
  }
}
