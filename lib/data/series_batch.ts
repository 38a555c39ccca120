/**
 * The one batch shape of the package: rows of series, left-padded to a
 * common length, with a group id per row and the known future values. The
 * inference batches, the window kernel's batches and the training batches
 * are all this shape (the training one adds its targets).
 *
 * @module
 */

/**
 * A batch of series rows ready for a model.
 *
 * @example Usage
 * ```ts
 * import type { SeriesBatch } from "@chronos-deno/chronos-deno/data";
 * import assert from "node:assert/strict";
 *
 * const batch: SeriesBatch = {
 *   context: new Float32Array([NaN, 1, 2, 3, 4, 5]),
 *   rows: 2,
 *   length: 3,
 *   groupIds: new Int32Array([0, 0]),
 *   predictionLength: 2,
 * };
 * assert.equal(batch.context.length, batch.rows * batch.length);
 * ```
 */
export interface SeriesBatch {
  /** [rows, length] row-major, left-padded with NaN; NaN = missing. */
  context: Float32Array;
  /** Number of rows (targets and covariates of every task). */
  rows: number;
  /** Context steps of every row. */
  length: number;
  /** Group id per row: rows with the same id share information (one task, or one window). */
  groupIds: Int32Array;
  /** [rows, predictionLength] known future values, NaN where unknown. @default all NaN */
  futureCovariates?: Float32Array | undefined;
  /** Steps to forecast. */
  predictionLength: number;
}
