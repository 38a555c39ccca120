/**
 * The UCI steel industry energy file as a {@linkcode DatasetSpec}: target
 * `Usage_kWh`, day-first dates in the fixed +09:00 zone with the `00:00`
 * row closing the previous day, 15-minute steps (a day is 96, a week 672),
 * the 9 covariates with the calendar and tariff ones known in advance, errors
 * segmented by `Load_Type`, and the original project's experiment names.
 *
 * @module
 */

import type { DatasetSpec } from "./spec.ts";
import {
  loadSteelData,
  STEEL_FREQUENCY_MS,
  STEEL_TARGET,
  STEEL_UTC_OFFSET_MINUTES,
} from "./steel.ts";
import { STEEL_COVARIATES } from "./steel_covariates.ts";
import { resolveSteelData } from "./steel_resolve.ts";

/**
 * The steel dataset: the default of every task.
 *
 * @example Usage
 * ```ts
 * import { STEEL_SPEC } from "@chronos-deno/chronos-deno/datasets";
 * import { equal } from "node:assert/strict";
 * equal(STEEL_SPEC.target, "Usage_kWh");
 * equal(STEEL_SPEC.seasonalPeriod, 96);
 * equal(STEEL_SPEC.experiments.zeroShot, "steel_energy_chronos2");
 * ```
 */
export const STEEL_SPEC: DatasetSpec = Object.freeze<DatasetSpec>({
  name: "steel",
  target: STEEL_TARGET,
  timestamp: Object.freeze({
    column: "date",
    format: "%d/%m/%Y %H:%M",
    utcOffsetMinutes: STEEL_UTC_OFFSET_MINUTES,
    midnightIsEndOfDay: true,
  }),
  frequencyMs: STEEL_FREQUENCY_MS,
  covariates: STEEL_COVARIATES,
  seasonalPeriod: 96,
  weeklyPeriod: 672,
  segmentColumn: "Load_Type",
  segmentLabel: "load type",
  segmentOrder: Object.freeze(["Light_Load", "Medium_Load", "Maximum_Load"]),
  experiments: Object.freeze({
    zeroShot: "steel_energy_chronos2",
    finetuned: "steel_energy_chronos2_finetuned",
    finetunedCovariates: "steel_energy_chronos2_finetuned_covariates",
  }),
  resolve: (options = {}) => resolveSteelData(options),
  load: (path, options = {}) => loadSteelData(path, options.fillGaps ? { fillGaps: true } : {}),
});
