/**
 * Private check of the zero-shot flow: the quantile levels asked for.
 *
 * @module
 */

/** Throws on levels outside (0, 1); warns about levels outside the model's range. */
export function checkLevels(
  levels: readonly number[],
  modelLevels: readonly number[],
  onWarning?: (message: string) => void,
): void {
  for (const q of levels) {
    if (!(q > 0 && q < 1)) {
      throw new RangeError(`Cannot use quantile level ${q}: use levels strictly between 0 and 1`);
    }
  }
  const lo = Math.min(...modelLevels);
  const hi = Math.max(...modelLevels);
  const outside = levels.filter((q) => q < lo || q > hi);
  if (outside.length > 0) {
    onWarning?.(
      `Quantile level(s) ${outside.join(", ")} lie outside the model's range [${lo}, ${hi}]: ` +
        `they take the nearest model level`,
    );
  }
}
