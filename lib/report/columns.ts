/**
 * The columns of the comparison table: titles, units, which value wins, and
 * how values are written.
 *
 * @module
 */

/** A column of the comparison table. */
export type ColumnKey =
  | "rmse"
  | "mae"
  | "r2"
  | "mape"
  | "wape"
  | "mase"
  | "wql"
  | "coverage"
  | "windowsPerSecond"
  | "skill";

/** How a column is titled and which value wins. */
export interface ColumnSpec {
  /** Row field. */
  key: ColumnKey;
  /** Short title for tables. */
  title: string;
  /** Unit shown next to the title ("" for none). */
  unit: string;
  /** `lower`/`higher` wins, or `nominal`: closest to the interval's nominal coverage. */
  better: "lower" | "higher" | "nominal";
  /** One line for legends and the report. */
  description: string;
}

/** The table's columns, in order. */
export const COMPARISON_COLUMNS: readonly ColumnSpec[] = [
  {
    key: "rmse",
    title: "RMSE",
    unit: "kWh",
    better: "lower",
    description: "root mean squared error",
  },
  { key: "mae", title: "MAE", unit: "kWh", better: "lower", description: "mean absolute error" },
  {
    key: "r2",
    title: "R²",
    unit: "",
    better: "higher",
    description: "coefficient of determination",
  },
  { key: "mape", title: "MAPE", unit: "%", better: "lower", description: "mean absolute % error" },
  {
    key: "wape",
    title: "WAPE",
    unit: "%",
    better: "lower",
    description: "weighted absolute % error",
  },
  {
    key: "mase",
    title: "MASE",
    unit: "",
    better: "lower",
    description: "mean absolute scaled error",
  },
  { key: "wql", title: "WQL", unit: "", better: "lower", description: "weighted quantile loss" },
  {
    key: "coverage",
    title: "Coverage",
    unit: "%",
    better: "nominal",
    description: "share of actuals inside the central interval",
  },
  {
    key: "windowsPerSecond",
    title: "Windows/s",
    unit: "",
    better: "higher",
    description: "forecast throughput",
  },
  {
    key: "skill",
    title: "Skill",
    unit: "%",
    better: "higher",
    description: "1 − RMSE / RMSE of persistence",
  },
];

/**
 * Writes a column's value for a table: fixed decimals per column, coverage
 * and skill as percentages, `—` for an unknown value.
 *
 * @param key the column
 * @param value the value as stored in a row (coverage and skill as shares)
 * @returns the text
 * @example Usage
 * ```ts
 * import { formatColumnValue } from "@chronos-deno/chronos-deno/report";
 * import { equal } from "node:assert/strict";
 * equal(formatColumnValue("skill", 0.1234), "12.3");
 * equal(formatColumnValue("rmse", NaN), "—");
 * ```
 */
export function formatColumnValue(key: ColumnKey, value: number): string {
  if (!Number.isFinite(value)) return "—";
  switch (key) {
    case "rmse":
    case "mae":
      return value.toFixed(3);
    case "r2":
    case "mase":
      return value.toFixed(3);
    case "mape":
    case "wape":
      return value.toFixed(2);
    case "wql":
      return value.toFixed(4);
    case "coverage":
    case "skill":
      return (100 * value).toFixed(1);
    case "windowsPerSecond":
      if (value >= 100_000) {
        return value.toLocaleString("en-US", { notation: "compact", maximumFractionDigits: 1 });
      }
      return value >= 100 ? value.toFixed(0) : value.toPrecision(3);
  }
}

/**
 * A column's title with its unit, e.g. `RMSE (kWh)`.
 *
 * @param spec the column
 * @returns the title
 * @example Usage
 * ```ts
 * import { COMPARISON_COLUMNS, columnTitle } from "@chronos-deno/chronos-deno/report";
 * import { equal } from "node:assert/strict";
 * equal(columnTitle(COMPARISON_COLUMNS[0]!), "RMSE (kWh)");
 * ```
 */
export function columnTitle(spec: ColumnSpec): string {
  return spec.unit ? `${spec.title} (${spec.unit})` : spec.title;
}
