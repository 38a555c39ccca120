/**
 * Fine-tuning data from one long series (e.g. a plant's history): the
 * training task is the train split itself (windows are drawn inside it), and
 * the validation tasks are the history up to evenly spread cut points of the
 * validation split, each scored on its last window, as the official `fit`
 * scores `validation_inputs`.
 *
 * @module
 */

import type { Splits } from "../../../lib/data/splits.ts";
import type { WindowRows } from "../../../lib/evaluate/covariate_rows.ts";
import type { TrainingSeries } from "../train/windows.ts";

/** Options of {@linkcode splitTrainingData}. */
export interface TrainingDataOptions {
  /** Context length (validation tasks keep this much history before their cut). */
  contextLength: number;
  /** Horizon H. */
  predictionLength: number;
  /** Validation windows, spread evenly over the validation split. @default {64} */
  validationWindows?: number;
}

/**
 * Builds the training task and the validation tasks.
 *
 * @param rows the series rows in the official order (`windowRows(data, mode)`)
 * @param splits the chronological splits
 * @param options sizes
 * @returns one training task and the validation tasks
 * @throws {RangeError} when the validation split is shorter than the horizon
 * @example Usage
 * ```ts
 * import { splitTrainingData } from "./finetune_data.ts";
 * import assert from "node:assert/strict";
 * const rows = { names: ["y"], series: [Float32Array.from({ length: 100 }, (_, i) => i)],
 *   futureKnown: [false], pastOnly: 0, knownFuture: 0 };
 * const d = splitTrainingData(rows,
 *   { train: { start: 0, end: 70 }, val: { start: 70, end: 85 }, test: { start: 85, end: 100 } },
 *   { contextLength: 8, predictionLength: 2, validationWindows: 3 });
 * assert.equal(d.train[0]!.rows[0]!.length, 70);
 * assert.deepEqual(d.val.map((s) => s.rows[0]![s.rows[0]!.length - 2]), [70, 77, 83]);
 * ```
 */
export function splitTrainingData(
  rows: WindowRows,
  splits: Splits,
  options: TrainingDataOptions,
): { train: TrainingSeries[]; val: TrainingSeries[] } {
  const H = options.predictionLength;
  const C = options.contextLength;
  const nFutureCovariates = rows.knownFuture;
  const cut = (start: number, end: number) => rows.series.map((s) => s.subarray(start, end));
  const train = [{ rows: cut(splits.train.start, splits.train.end), nFutureCovariates }];
  const first = splits.val.start;
  const last = splits.val.end - H;
  if (last < first) {
    throw new RangeError(
      `The validation split (${
        splits.val.end - splits.val.start
      } rows) is shorter than the horizon ${H}`,
    );
  }
  const k = Math.max(1, Math.min(options.validationWindows ?? 64, last - first + 1));
  const val: TrainingSeries[] = [];
  for (let i = 0; i < k; i++) {
    const o = k === 1 ? last : first + Math.round((i * (last - first)) / (k - 1));
    val.push({ rows: cut(Math.max(0, o - C), o + H), nFutureCovariates });
  }
  return { train, val };
}
