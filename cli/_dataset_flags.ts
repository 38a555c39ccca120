/**
 * The dataset flags of the evaluation tasks: without `--target` the data is
 * the steel file (`STEEL_SPEC`); with it, the user's CSV given by `--data`,
 * described by flags into the same spec shape (`csvDatasetSpec`).
 *
 * @module
 */

import { type ParsedArgs, stringOption, UsageError } from "../lib/cli/args.ts";
import { csvDatasetSpec } from "../lib/datasets/csv_spec.ts";
import type { DatasetSpec } from "../lib/datasets/spec.ts";
import { STEEL_SPEC } from "../lib/datasets/steel_spec.ts";

/** The string flags that describe a user's CSV. */
export const DATASET_FLAGS: readonly string[] = [
  "target",
  "timestamp-column",
  "date-format",
  "utc-offset",
  "frequency",
  "covariate-columns",
  "known-columns",
  "segment-column",
  "dataset-name",
];

/** Their `--help` lines. */
export const DATASET_HELP = `
Your own CSV instead of the steel data (with --data PATH):
  --target C                the column to forecast (selects your CSV)
  --timestamp-column C      the time column (default: timestamp)
  --date-format F           "iso" (default) or strftime-like, e.g. "%d/%m/%Y %H:%M"
  --utc-offset Z            zone of timestamps written without one, e.g. +09:00 (default: UTC)
  --frequency F             the step, e.g. 15min or 1h (default: the file's most common step)
  --covariate-columns LIST  numeric columns used as covariates, comma-separated
  --known-columns LIST      those of them known in advance (calendar, schedules)
  --segment-column C        text column whose value at each origin segments the errors
  --dataset-name NAME       experiments NAME_chronos2, … (default: the file name)
`;

function list(p: ParsedArgs, name: string): string[] {
  return stringOption(p, name, "").split(",").map((s) => s.trim()).filter((s) => s !== "");
}

/**
 * The dataset the flags name: the steel spec, or a spec of the user's CSV.
 *
 * @param p the parsed arguments (with {@linkcode DATASET_FLAGS} and `data` declared)
 * @returns the spec
 * @throws {UsageError} when CSV flags come without `--target`, `--target` without `--data`,
 *   or the flags contradict themselves
 */
export function datasetOption(p: ParsedArgs): DatasetSpec {
  const given = DATASET_FLAGS.filter((f) => typeof p.values[f] === "string");
  if (typeof p.values.target !== "string") {
    if (given.length > 0) {
      throw new UsageError(
        `Option --${given[0]} describes your own CSV: add --target COLUMN and --data PATH`,
      );
    }
    return STEEL_SPEC;
  }
  const data = p.values.data;
  const path = Array.isArray(data) ? data[0] : data;
  if (typeof path !== "string") {
    throw new UsageError("Option --target needs --data PATH, the CSV file it names a column of");
  }
  const name = stringOption(p, "dataset-name", "") ||
    (path.split(/[\\/]/).pop() ?? "csv").replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9_-]+/g, "_");
  const frequency = stringOption(p, "frequency", "");
  const utcOffset = stringOption(p, "utc-offset", "");
  const segmentColumn = stringOption(p, "segment-column", "");
  try {
    return csvDatasetSpec({
      name,
      path,
      timestampColumn: stringOption(p, "timestamp-column", "timestamp"),
      targetColumn: p.values.target,
      covariates: list(p, "covariate-columns"),
      knownInAdvance: list(p, "known-columns"),
      dateFormat: stringOption(p, "date-format", "iso"),
      ...(utcOffset ? { utcOffset } : {}),
      ...(frequency ? { frequency } : {}),
      ...(segmentColumn ? { segmentColumn } : {}),
    });
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(err.message);
    throw err;
  }
}
