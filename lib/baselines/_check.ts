/**
 * Private argument check shared by the baseline rules.
 *
 * @module
 */

/** Checks that there is a history to forecast from. */
export function checkHistory(name: string, history: Float64Array): void {
  if (history.length === 0) {
    throw new RangeError(`Cannot forecast with ${name}: the history is empty`);
  }
}
