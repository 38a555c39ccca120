/**
 * The baselines every evaluation table shows beside the models: persistence
 * y(t−1), daily naive y(t−m) and weekly naive y(t−w), with m and w the
 * dataset's seasonal periods in steps.
 *
 * @module
 */

import type { HistoryForecaster } from "../evaluate/history_forecaster.ts";
import { persistence } from "./persistence.ts";
import { seasonalNaive } from "./seasonal_naive.ts";

/** The seasonal periods of the naive baselines, in steps. */
export interface BaselinePeriods {
  /** One day of steps (96 at 15 minutes). */
  seasonalPeriod: number;
  /** One week of steps (672 at 15 minutes). */
  weeklyPeriod: number;
}

/**
 * The standard baselines: persistence, daily naive and weekly naive.
 *
 * @param periods the daily and weekly periods in steps
 * @returns the three forecasters, in table order
 * @example Usage
 * ```ts
 * import { standardBaselines } from "@chronos-deno/chronos-deno/baselines";
 * import { deepEqual } from "node:assert/strict";
 * const b = standardBaselines({ seasonalPeriod: 24, weeklyPeriod: 168 });
 * deepEqual(b.map((f) => f.name), ["persistence", "daily naive", "weekly naive"]);
 * ```
 */
export function standardBaselines(periods: BaselinePeriods): HistoryForecaster[] {
  return [
    persistence(),
    seasonalNaive(periods.seasonalPeriod, "daily naive"),
    seasonalNaive(periods.weeklyPeriod, "weekly naive"),
  ];
}
