/**
 * Batching for inference, the counterpart of the official `Chronos2Dataset`
 * in test mode: tasks are added while the batch has fewer than `batchSize`
 * rows (a batch may overshoot by the last task; tasks are never split), each
 * task's rows share a group id (its index in the batch), contexts keep their
 * last `contextLength` steps and are left-padded with NaN to the longest row.
 *
 * @module
 */

import type { SeriesBatch } from "../../lib/data/series_batch.ts";
import type { PreparedInput } from "./inputs.ts";

/** One batch of tasks, ready for the model: a {@linkcode SeriesBatch} that knows its tasks. */
export interface Chronos2Batch extends SeriesBatch {
  /** [rows, predictionLength], NaN where unknown. */
  futureCovariates: Float32Array;
  /** For each task of the batch, the [start, end) rows of its targets. */
  targetIdxRanges: [number, number][];
  /** Index (in the input list) of each task of the batch. */
  taskIndices: number[];
}

/** Options of {@link makeBatches}. */
export interface BatchOptions {
  /** Steps to forecast. */
  predictionLength: number;
  /** Longest context kept per row. */
  contextLength: number;
  /** Rows per batch (tasks are never split). @default 256 */
  batchSize?: number;
  /** Put every row of a batch in group 0 (shared information across tasks). @default false */
  crossLearning?: boolean;
}

/**
 * Splits prepared tasks into model batches following the official rule.
 *
 * @param tasks prepared tasks
 * @param options prediction length, context length, batch size, cross-learning
 * @returns the batches, in order
 * @throws {RangeError} when `batchSize` or `contextLength` is not a positive integer
 * @example Usage
 * ```ts
 * import { makeBatches } from "@chronos-deno/chronos-deno/chronos2";
 * import { prepareInputs } from "@chronos-deno/chronos-deno/chronos2";
 * const tasks = prepareInputs([[1, 2, 3], [4, 5]], 2);
 * const [b] = makeBatches(tasks, { predictionLength: 2, contextLength: 8192 });
 * if (b!.length !== 3 || !Number.isNaN(b!.context[3])) throw new Error();
 * ```
 */
export function makeBatches(
  tasks: readonly PreparedInput[],
  options: BatchOptions,
): Chronos2Batch[] {
  const batchSize = options.batchSize ?? 256;
  const { predictionLength } = options;
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new RangeError(`Batch size must be a positive integer: got ${batchSize}`);
  }
  if (!Number.isInteger(options.contextLength) || options.contextLength <= 0) {
    throw new RangeError(`Context length must be a positive integer: got ${options.contextLength}`);
  }
  const batches: Chronos2Batch[] = [];
  let i = 0;
  while (i < tasks.length) {
    const idx: number[] = [];
    let rows = 0;
    while (i < tasks.length && rows < batchSize) {
      idx.push(i);
      rows += tasks[i]!.rows;
      i++;
    }
    batches.push(
      buildBatch(
        tasks,
        idx,
        options.contextLength,
        predictionLength,
        options.crossLearning ?? false,
      ),
    );
  }
  return batches;
}

function buildBatch(
  tasks: readonly PreparedInput[],
  idx: number[],
  contextLength: number,
  predictionLength: number,
  cross: boolean,
): Chronos2Batch {
  const kept = idx.map((k) => Math.min(tasks[k]!.length, contextLength));
  const length = Math.max(...kept);
  const rows = idx.reduce((a, k) => a + tasks[k]!.rows, 0);
  const context = new Float32Array(rows * length).fill(NaN);
  const fut = new Float32Array(rows * predictionLength);
  const groupIds = new Int32Array(rows);
  const targetIdxRanges: [number, number][] = [];
  let r0 = 0;
  idx.forEach((k, g) => {
    const t = tasks[k]!;
    const keep = kept[g]!;
    for (let r = 0; r < t.rows; r++) {
      const src = t.context.subarray(r * t.length + t.length - keep, (r + 1) * t.length);
      context.set(src, (r0 + r) * length + (length - keep));
      groupIds[r0 + r] = cross ? 0 : g;
    }
    fut.set(t.futureCovariates.subarray(0, t.rows * predictionLength), r0 * predictionLength);
    targetIdxRanges.push([r0, r0 + t.nTargets]);
    r0 += t.rows;
  });
  return {
    context,
    rows,
    length,
    groupIds,
    futureCovariates: fut,
    predictionLength,
    targetIdxRanges,
    taskIndices: idx,
  };
}
