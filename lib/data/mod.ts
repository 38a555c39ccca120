/**
 * The data layer: CSV loading (nodejs-polars) with validation that names every
 * problem, timelines, chronological splits, zip and checksum helpers and
 * summaries. Nothing here names a dataset: see `lib/datasets/`.
 *
 * @example Usage
 * ```ts
 * import { chronologicalSplits } from "@chronos-deno/chronos-deno/data";
 * import assert from "node:assert/strict";
 * assert.deepEqual(chronologicalSplits(35040).val, { start: 24528, end: 29784 });
 * ```
 *
 * @module
 */

export * from "./types.ts";
export * from "./series_batch.ts";
export * from "./prediction_length.ts";
export * from "./csv_series.ts";
export * from "./splits.ts";
export * from "./timestamp.ts";
export * from "./frequency.ts";
export * from "./timeline.ts";
export * from "./polars.ts";
export * from "./zip.ts";
export * from "./crc32.ts";
export * from "./summary.ts";
export type { DataProblem } from "../errors.ts";
