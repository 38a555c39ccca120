/**
 * Private helpers of the report's figures: which models to plot, which one
 * gets the shaded band, and small text formats.
 *
 * @module
 */

import type { ComparedModel, Comparison } from "./comparison.ts";

/** Margin around sparse forecasts when the time between rows is unknown. */
export const ONE_HOUR_MS = 3_600_000;

/** The models of the forecast figure: the named ones, or the learned ones and the reference. */
export function forecastModels(comparison: Comparison, names?: readonly string[]): ComparedModel[] {
  if (names) {
    return names.map((n) => {
      const m = comparison.models.find((x) => x.name === n);
      if (!m) {
        throw new RangeError(
          `Cannot plot model "${n}": the results have ${
            comparison.models.map((x) => `"${x.name}"`).join(", ")
          }`,
        );
      }
      return m;
    });
  }
  const learned = comparison.models.filter((m) => m.kind !== "baseline");
  if (learned.length === 0) return comparison.models;
  const ref = comparison.models.find((m) => m.name === comparison.reference);
  return ref ? [ref, ...learned] : learned;
}

/** The plotted model with quantiles and the lowest WQL (none without quantiles). */
export function bestBandModel(models: readonly ComparedModel[]): string[] {
  const withBands = models.filter((m) => m.result.quantiles && m.quantileLevels.length > 1);
  if (withBands.length === 0) return [];
  const wql = (m: ComparedModel) =>
    Number.isFinite(m.result.metrics.wql) ? m.result.metrics.wql : Infinity;
  const best = withBands.reduce((a, b) => (wql(b) < wql(a) ? b : a));
  return [best.name];
}

/** A quantile level as a percentage without trailing zeros. */
export function pct(level: number): string {
  return String(Math.round(level * 1000) / 10);
}

/** A UTC offset in minutes as `UTC+09:00`. */
export function utcOffsetText(minutes: number): string {
  const sign = minutes < 0 ? "−" : "+";
  const m = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(m / 60)).padStart(2, "0")}:${
    String(m % 60).padStart(2, "0")
  }`;
}
