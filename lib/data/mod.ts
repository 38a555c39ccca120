/**
 * The data layer: CSV loading (nodejs-polars) with validation that names every
 * problem, the UCI steel loader and its covariates, chronological splits, the
 * verified download of the steel data, and summaries.
 *
 * @example Usage
 * ```ts
 * import { chronologicalSplits, STEEL_COVARIATES } from "./mod.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(chronologicalSplits(35040).val, { start: 24528, end: 29784 });
 * assert.equal(STEEL_COVARIATES.filter((c) => c.knownInAdvance).length, 4);
 * ```
 *
 * @module
 */

export * from "./types.ts";
export * from "./csv_series.ts";
export * from "./steel.ts";
export * from "./covariates.ts";
export * from "./splits.ts";
export * from "./timestamp.ts";
export * from "./frequency.ts";
export * from "./timeline.ts";
export * from "./polars.ts";
export * from "./zip.ts";
export * from "./crc32.ts";
export * from "./download.ts";
export * from "./resolve.ts";
export * from "./summary.ts";
export type { DataProblem } from "../errors.ts";
