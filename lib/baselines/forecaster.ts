/**
 * The forecaster interface shared by the baselines and Chronos-2: history in,
 * horizon out.
 *
 * @module
 */

/** A point forecaster: given every value before the origin, predicts the next `horizon` values. */
export interface Forecaster {
  /** Display name, e.g. `"persistence"`. */
  name: string;
  /**
   * Forecasts the `horizon` values after `history`.
   *
   * @param history all values before the origin (oldest first; NaN = missing)
   * @param horizon number of steps to predict (≥ 1)
   * @returns `horizon` predictions
   */
  forecast(history: Float64Array, horizon: number): Float64Array;
}
