/**
 * The data types shared by the loaders, the splits, the baselines and the
 * model code: a strictly regular time series with its covariates.
 *
 * @module
 */

/** One covariate series aligned with the target. */
export interface Covariate {
  /** Column (or derived) name, e.g. `"temperature"` or a one-hot `"shift_night"`. */
  name: string;
  /** One value per row of the series. */
  values: Float64Array;
  /** Whether its future values are legitimately known at forecast time (calendar, tariff). */
  knownInAdvance: boolean;
}

/** A strictly regular time series: target, covariates and optional text labels. */
export interface TimeSeriesData {
  /** The file the series came from. */
  source: string;
  /** Epoch milliseconds (UTC) of each row, strictly regular. */
  timestamps: Float64Array;
  /** Step between rows in milliseconds (900000 for 15 minutes). */
  frequencyMs: number;
  /** Name of the target column, e.g. `"kWh"`. */
  targetName: string;
  /** Target values; NaN marks a missing value (only when gaps were filled on request). */
  target: Float64Array;
  /** Covariates, in a fixed order. */
  covariates: Covariate[];
  /** Text columns kept per row, e.g. `{ shift: [...], weekday: [...] }`. */
  labels?: Record<string, string[]>;
  /** The fixed UTC offset of the source's local time in minutes (540 for +09:00). */
  utcOffsetMinutes?: number;
}

/** A range of row indices, `end` exclusive. */
export interface SplitRange {
  /** First row (0-based). */
  start: number;
  /** One past the last row. */
  end: number;
}

/** Chronological train/validation/test ranges. */
export interface Splits {
  /** The earliest rows. */
  train: SplitRange;
  /** The rows after train. */
  val: SplitRange;
  /** The latest rows. */
  test: SplitRange;
}
