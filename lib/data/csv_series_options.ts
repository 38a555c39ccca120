/**
 * The options of the general CSV loader: which columns mean what and how
 * dates, zones, frequency and missing values are read. Its own file, since
 * both the loader and the table-to-series step read it.
 *
 * @module
 */

/** How to read a user's CSV file. */
export interface CsvSeriesOptions {
  /** The column holding the timestamps. */
  timestampColumn: string;
  /** The column to forecast. */
  targetColumn: string;
  /** Numeric columns to keep as covariates, in this order. @default [] */
  covariates?: string[];
  /** Which of `covariates` are known in advance (calendar, schedules); the rest are past-only. @default [] */
  knownInAdvance?: string[];
  /** Text columns to keep per row in `labels`. @default [] */
  labelColumns?: string[];
  /** Date format: `"iso"` or strftime-like tokens, e.g. `"%d/%m/%Y %H:%M"`. @default "iso" */
  dateFormat?: string;
  /** Zone of timestamps written without one: `"+09:00"`, `"Z"` or minutes east of UTC. @default "Z" */
  utcOffset?: string | number;
  /** Expected step, e.g. `"15min"`, `"1h"`, or milliseconds. @default the most common step */
  frequency?: string | number;
  /** Fill missing steps with NaN rows instead of failing. @default false */
  fillGaps?: boolean;
  /** Sort rows by time instead of failing on rows that go back in time. @default false */
  sort?: boolean;
  /** A `00:00` timestamp closes the day it names (moves it to the next day), as in some utility exports. @default false */
  midnightIsEndOfDay?: boolean;
  /** What to do with columns not named above. @default "warn" */
  extraColumns?: "error" | "warn" | "ignore";
  /** Cell texts that mean "missing" (become NaN) in numeric columns, e.g. `["NA", ""]`. @default [] */
  naValues?: string[];
  /** Field separator. @default "," */
  separator?: string;
  /** The file's bytes when they are already in memory (e.g. a request body); `path` then only names it. */
  content?: Uint8Array;
  /** Receives warnings (e.g. ignored columns). */
  onWarning?: (message: string) => void;
}
