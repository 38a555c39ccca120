/**
 * Private argument checks shared by the baseline forecasters.
 *
 * @module
 */

/** Checks the arguments every forecaster shares. */
export function checkForecastArgs(name: string, history: Float64Array, horizon: number): void {
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new RangeError(`Cannot forecast ${horizon} steps with ${name}: need a whole number >= 1`);
  }
  if (history.length === 0) {
    throw new RangeError(`Cannot forecast with ${name}: the history is empty`);
  }
}
