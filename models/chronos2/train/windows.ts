/**
 * Training and validation windows for fine-tuning, as the official `fit`
 * draws them (`Chronos2Dataset`, spec §4): tasks are drawn uniformly with
 * replacement until the batch holds at least `batchSize` rows; per task a cut
 * point uniform in [minPast, length − predictionLength]; context = up to
 * `contextLength` steps before it; the future target is cut from the series
 * with covariate rows set to NaN; known-future covariate rows get their true
 * future values as future covariates, every other row NaN.
 *
 * @module
 */

import type { DataSource } from "../../../lib/optim/fit.ts";
import { Rng } from "../../../lib/optim/rng.ts";
import type { SeriesBatch } from "../../../lib/data/series_batch.ts";
import { outputPatches } from "../output_patches.ts";

/** One task: a target (or several) plus covariate rows, all of equal length. */
export interface TrainingSeries {
  /** Rows in the official order: targets, past-only covariates, known-future covariates. */
  rows: readonly ArrayLike<number>[];
  /** How many leading rows are targets. @default {1} */
  nTargets?: number;
  /** How many trailing rows are known-future covariates. @default {0} */
  nFutureCovariates?: number;
}

/** How windows are cut and batched. */
export interface WindowOptions {
  /** Steps of history given to the model (the official `context_length`). */
  contextLength: number;
  /** Forecast horizon H. */
  predictionLength: number;
  /**
   * Minimum history before a cut point (training only).
   * @default {predictionLength}
   */
  minPast?: number;
  /** Rows per batch: tasks are added while the batch holds fewer rows. */
  batchSize: number;
  /**
   * When set, every batch's context is left-padded with NaN to this many
   * steps (a fixed-shape graph); otherwise to the longest context in the batch.
   * Must be at least `contextLength`.
   */
  fixedLength?: number;
  /** Patch size of the output head. @default {16} */
  outputPatchSize?: number;
}

/** A tensorised batch, ready for the training graph: a {@linkcode SeriesBatch} with its targets. */
export interface TrainingBatch extends SeriesBatch {
  /** Future target [rows, predictionLength]; NaN for covariate rows and missing values. */
  futureTarget: Float32Array;
  /** Known future covariates [rows, predictionLength]; NaN where unknown. */
  futureCovariates: Float32Array;
  /** Output patches covering the prediction length ({@linkcode outputPatches}). */
  numOutputPatches: number;
  /** Which task (index into the given list) and cut point each window came from. */
  windows: { series: number; cut: number }[];
}

interface Checked {
  series: readonly TrainingSeries[];
  index: number[];
  opts: Required<Omit<WindowOptions, "fixedLength">> & { fixedLength?: number };
}

function check(
  series: readonly TrainingSeries[],
  options: WindowOptions,
  training: boolean,
): Checked {
  const H = options.predictionLength;
  const minPast = options.minPast ?? (training ? H : 1);
  for (
    const [name, v, min] of [
      ["Context length", options.contextLength, 1],
      ["Prediction length", H, 1],
      ["Batch size", options.batchSize, 1],
      ["Minimum past", minPast, 1],
    ] as const
  ) {
    if (!Number.isInteger(v) || v < min) {
      throw new RangeError(`${name} must be a whole number >= ${min}: got "${v}"`);
    }
  }
  if (options.fixedLength !== undefined && !(options.fixedLength >= options.contextLength)) {
    throw new RangeError(
      `Fixed length must be at least the context length ${options.contextLength}: got "${options.fixedLength}"`,
    );
  }
  if (series.length === 0) throw new RangeError("Cannot draw windows: no series given");
  for (const [i, s] of series.entries()) {
    const n = s.rows[0]?.length ?? 0;
    if (s.rows.length === 0 || s.rows.some((r) => r.length !== n)) {
      throw new RangeError(`Series ${i} must have at least one row and rows of equal length`);
    }
    const nt = s.nTargets ?? 1;
    const nf = s.nFutureCovariates ?? 0;
    if (nt < 1 || nt + nf > s.rows.length) {
      throw new RangeError(
        `Series ${i} has ${s.rows.length} rows: cannot hold ${nt} target(s) and ${nf} known-future covariate(s)`,
      );
    }
  }
  const index = [...series.keys()].filter((i) => (series[i]!.rows[0]?.length ?? 0) >= minPast + H);
  const kept = index.map((i) => series[i]!);
  if (kept.length === 0) {
    throw new RangeError(
      `Every series is shorter than minimum past + prediction length = ${
        minPast + H
      }: use a shorter horizon or more data`,
    );
  }
  return {
    series: kept,
    index,
    opts: {
      contextLength: options.contextLength,
      predictionLength: H,
      minPast,
      batchSize: options.batchSize,
      outputPatchSize: options.outputPatchSize ?? 16,
      ...(options.fixedLength !== undefined ? { fixedLength: options.fixedLength } : {}),
    },
  };
}

function build(c: Checked, picks: { series: number; cut: number }[]): TrainingBatch {
  const { contextLength: C, predictionLength: H } = c.opts;
  let rows = 0;
  let longest = 0;
  for (const p of picks) {
    rows += c.series[p.series]!.rows.length;
    longest = Math.max(longest, Math.min(C, p.cut));
  }
  const L = c.opts.fixedLength ?? longest;
  const context = new Float32Array(rows * L).fill(NaN);
  const futureTarget = new Float32Array(rows * H).fill(NaN);
  const futureCovariates = new Float32Array(rows * H).fill(NaN);
  const groupIds = new Int32Array(rows);
  let r = 0;
  for (const [g, p] of picks.entries()) {
    const s = c.series[p.series]!;
    const nt = s.nTargets ?? 1;
    const firstFuture = s.rows.length - (s.nFutureCovariates ?? 0);
    const start = Math.max(0, p.cut - C);
    const len = p.cut - start;
    for (const [k, row] of s.rows.entries()) {
      const base = r * L + (L - len);
      for (let t = 0; t < len; t++) context[base + t] = row[start + t]!;
      for (let h = 0; h < H; h++) {
        const v = row[p.cut + h]!;
        if (k < nt) futureTarget[r * H + h] = v;
        if (k >= firstFuture) futureCovariates[r * H + h] = v;
      }
      groupIds[r] = g;
      r++;
    }
  }
  return {
    context,
    rows,
    length: L,
    groupIds,
    futureTarget,
    futureCovariates,
    predictionLength: H,
    numOutputPatches: outputPatches(H, c.opts.outputPatchSize),
    windows: picks.map((p) => ({ series: c.index[p.series]!, cut: p.cut })),
  };
}

/**
 * Draws one training batch: tasks uniformly with replacement until the batch
 * holds `batchSize` rows, each cut uniformly in [minPast, length − H].
 * Series shorter than `minPast + H` are skipped.
 *
 * @param series the training tasks
 * @param rng the generator to draw from (e.g. `new Rng(seed, "data", step, micro)`)
 * @param options window and batch sizes
 * @returns the batch
 * @throws {RangeError} on bad sizes or when no series is long enough
 * @example Usage
 * ```ts
 * import { sampleTrainingBatch } from "./windows.ts";
 * import { Rng } from "@chronos-deno/chronos-deno/optim";
 * import assert from "node:assert/strict";
 * const rows = [Float64Array.from({ length: 100 }, (_, i) => i)];
 * const b = sampleTrainingBatch([{ rows }], new Rng(1), {
 *   contextLength: 32, predictionLength: 4, batchSize: 2,
 * });
 * assert.equal(b.rows, 2);
 * assert.equal(b.futureTarget[0], b.windows[0]!.cut);
 * ```
 */
export function sampleTrainingBatch(
  series: readonly TrainingSeries[],
  rng: Rng,
  options: WindowOptions,
): TrainingBatch {
  const c = check(series, options, true);
  const picks: { series: number; cut: number }[] = [];
  let rows = 0;
  while (rows < c.opts.batchSize) {
    const i = rng.nextInt(0, c.series.length - 1);
    const s = c.series[i]!;
    const n = s.rows[0]!.length;
    picks.push({ series: i, cut: rng.nextInt(c.opts.minPast, n - c.opts.predictionLength) });
    rows += s.rows.length;
  }
  return build(c, picks);
}

/**
 * Validation batches: the last window of every series (cut at length − H), in
 * order, tasks added while a batch holds fewer than `batchSize` rows.
 *
 * @param series the validation tasks
 * @param options window and batch sizes (`minPast` defaults to 1 here, as upstream)
 * @returns the batches
 * @throws {RangeError} on bad sizes or when no series is long enough
 * @example Usage
 * ```ts
 * import { validationBatches } from "./windows.ts";
 * import assert from "node:assert/strict";
 * const rows = [Float64Array.from({ length: 10 }, (_, i) => i)];
 * const [b] = validationBatches([{ rows }], { contextLength: 8, predictionLength: 2, batchSize: 4 });
 * assert.deepEqual([...b!.futureTarget], [8, 9]);
 * ```
 */
export function validationBatches(
  series: readonly TrainingSeries[],
  options: WindowOptions,
): TrainingBatch[] {
  const c = check(series, options, false);
  const out: TrainingBatch[] = [];
  let i = 0;
  while (i < c.series.length) {
    const picks: { series: number; cut: number }[] = [];
    let rows = 0;
    while (i < c.series.length && rows < c.opts.batchSize) {
      const s = c.series[i]!;
      picks.push({ series: i, cut: s.rows[0]!.length - c.opts.predictionLength });
      rows += s.rows.length;
      i++;
    }
    out.push(build(c, picks));
  }
  return out;
}

/** Options of {@linkcode windowSource}: the window sizes plus the validation batch size and seed. */
export interface WindowSourceOptions extends WindowOptions {
  /** Rows per validation batch. @default {batchSize} */
  validationBatchSize?: number;
  /** Seed of the draws: step s, micro-batch k draws from `new Rng(seed, "data", s, k)`. @default {0} */
  seed?: number;
}

/**
 * Chronos-2's windows as the generic trainer's data source: training batches
 * drawn by {@linkcode sampleTrainingBatch} from `(seed, step, micro)` (so a
 * resumed run draws the same windows), validation batches cut once by
 * {@linkcode validationBatches} (`minPast` 1).
 *
 * @param train the training tasks
 * @param val the validation tasks (none: no validation)
 * @param options window sizes, validation batch size, seed
 * @returns the data source for `fit`
 * @throws {RangeError} on bad sizes or when no validation series is long enough
 * @example Usage
 * ```ts
 * import { windowSource } from "@chronos-deno/chronos-deno/train";
 * import assert from "node:assert/strict";
 * const rows = [Float64Array.from({ length: 100 }, (_, i) => i)];
 * const src = windowSource([{ rows }], [{ rows }], { contextLength: 32, predictionLength: 4, batchSize: 2, seed: 7 });
 * assert.deepEqual(src.trainBatch(3, 1).futureTarget, src.trainBatch(3, 1).futureTarget);
 * assert.equal(src.validation!.length, 1);
 * ```
 */
export function windowSource(
  train: readonly TrainingSeries[],
  val: readonly TrainingSeries[] | undefined,
  options: WindowSourceOptions,
): DataSource<TrainingBatch> {
  const { validationBatchSize, seed = 0, ...windows } = options;
  const validation = val && val.length > 0
    ? validationBatches(val, {
      ...windows,
      minPast: 1,
      batchSize: validationBatchSize ?? windows.batchSize,
    })
    : [];
  return {
    trainBatch: (step, micro) =>
      sampleTrainingBatch(train, new Rng(seed, "data", step, micro), windows),
    validation,
  };
}
