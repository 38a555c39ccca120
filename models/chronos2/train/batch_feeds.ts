/**
 * A training batch as the training graph's feeds: context, group ids, known
 * future covariates and future targets, padded to the graph's fixed rows and
 * length (padding rows are all-NaN, each its own group, so they add nothing to
 * the loss).
 *
 * @module
 */

import type { Tensor } from "../../../lib/runtime/tensor.ts";
import type { TrainingBatch } from "./windows.ts";

/**
 * The feeds of one batch.
 *
 * @param batch the batch
 * @param rows the graph's rows (at least the batch's)
 * @param length the graph's context length (the batch's)
 * @param singletonGroups the graph has no group ids (every row its own group)
 * @returns the four feeds by input name (three without group ids)
 * @throws {RangeError} when the batch does not fit the graph, or has a group
 *   of several rows for a graph of singletons
 * @example Usage
 * ```ts ignore
 * const feeds = batchFeeds(batch, 8, 512);
 * ```
 */
export function batchFeeds(
  batch: TrainingBatch,
  rows: number,
  length: number,
  singletonGroups = false,
): Record<string, Tensor> {
  if (batch.rows > rows || batch.length !== length) {
    throw new RangeError(
      `Batch of ${batch.rows} rows x ${batch.length} steps does not fit a graph of ${rows} x ${length}`,
    );
  }
  if (singletonGroups && new Set(batch.groupIds).size !== batch.rows) {
    throw new RangeError(
      "The batch has groups of several rows (covariates), but the training graph was built " +
        "for one row per group: build it without singletonGroups",
    );
  }
  const H = batch.predictionLength;
  const ctx = new Float32Array(rows * length).fill(NaN);
  ctx.set(batch.context);
  const ft = new Float32Array(rows * H).fill(NaN);
  ft.set(batch.futureTarget);
  const fc = new Float32Array(rows * H).fill(NaN);
  fc.set(batch.futureCovariates);
  // padding rows: all-NaN, each its own group (they add 0 to the loss sum)
  const gid = new BigInt64Array(rows);
  for (let r = 0; r < rows; r++) {
    gid[r] = BigInt(r < batch.rows ? batch.groupIds[r]! : 1_000_000 + r);
  }
  return {
    context: { dtype: "float32", dims: [rows, length], data: ctx },
    ...(singletonGroups
      ? {}
      : { "group_ids": { dtype: "int64" as const, dims: [rows], data: gid } }),
    "future_covariates": { dtype: "float32", dims: [rows, H], data: fc },
    "future_target": { dtype: "float32", dims: [rows, H], data: ft },
  };
}
