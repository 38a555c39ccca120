/**
 * The Chronos-2 pipeline: the TypeScript counterpart of the official
 * `Chronos2Pipeline.predict`, `predict_quantiles` and `predict_df`, plus the
 * low-level `predictBatch` used by the evaluation. The network itself is a
 * {@link ForwardRunner} (ONNX Runtime, or the plain-TypeScript reference).
 *
 * @module
 */

import type { Chronos2Config } from "./config.ts";
import type { SeriesBatch } from "../../lib/data/series_batch.ts";
import { checkPredictionLength } from "../../lib/data/prediction_length.ts";
import { makeBatches } from "./batching.ts";
import type { Chronos2Inputs } from "./inputs.ts";
import { prepareInputs } from "./preprocess.ts";
import { interpolateQuantiles } from "./quantiles.ts";
import {
  type ColumnRecord,
  type DataFrameOptions,
  forecastColumns,
  type FrameLike,
  frameToTasks,
} from "./data_frame.ts";
import { type PolarsDataFrame, toDataFrame } from "../../lib/data/polars.ts";
import { type ForwardRunner, predictWithRollout } from "./rollout.ts";
import type {
  ForecastTensor,
  PredictOptions,
  PredictQuantilesOptions,
  QuantileForecasts,
} from "./predict_types.ts";
import { DEFAULTS } from "../../lib/defaults.ts";

/** Options of the pipeline constructor. */
export interface PipelineOptions {
  /** Receives warnings (the library never prints). */
  onWarning?: (msg: string) => void;
  /** Releases the runner's resources. */
  release?: () => Promise<void>;
}

/** Chronos-2 forecasting on top of a forward runner. */
export class Chronos2Pipeline {
  /** The model config. */
  readonly config: Chronos2Config;
  /** The model's quantile levels. */
  readonly quantiles: number[];
  /** The network. */
  readonly runner: ForwardRunner;
  #warn: (msg: string) => void;
  #release?: () => Promise<void>;

  /**
   * Creates a pipeline over a config and a forward runner (ONNX or reference).
   *
   * @param config the model config
   * @param runner the network
   * @param options warning sink and release hook
   * @example Usage
   * ```ts
   * import { Chronos2Pipeline } from "@chronos-deno/chronos-deno/chronos2";
   * import { referenceRunner } from "@chronos-deno/chronos-deno/chronos2";
   * import { loadChronos2Config } from "@chronos-deno/chronos-deno/chronos2";
   * import { readSafetensors } from "@chronos-deno/chronos-deno/chronos2";
   * const dir = "tests/fixtures/chronos2-tiny";
   * const cfg = await loadChronos2Config(`${dir}/config.json`);
   * const p = new Chronos2Pipeline(cfg, referenceRunner(cfg, await readSafetensors(`${dir}/model.safetensors`)));
   * const [f] = await p.predict([[1, 2, 3, 4]], { predictionLength: 4 });
   * if (f!.shape.join() !== "1,21,4") throw new Error();
   * ```
   */
  constructor(config: Chronos2Config, runner: ForwardRunner, options: PipelineOptions = {}) {
    this.config = config;
    this.quantiles = [...config.chronos.quantiles];
    this.runner = runner;
    this.#warn = options.onWarning ?? (() => {});
    if (options.release) this.#release = options.release;
  }

  /** The longest single-pass horizon (maxOutputPatches · patch size). */
  get modelPredictionLength(): number {
    return this.config.chronos.maxOutputPatches * this.config.chronos.outputPatchSize;
  }

  /**
   * Forecasts every task: one tensor `[nTargets, Q, H]` per task (covariate rows dropped).
   *
   * @param inputs a 3-D tensor, 1-D/2-D series, task dicts or prepared tasks
   * @param options prediction length, batching and rollout options
   * @returns one forecast per task
   * @throws {RangeError} for a horizon ≤ 0, a horizon over the limit with `limitPredictionLength`, or bad unrolled levels
   * @throws {DataValidationError} for invalid series (see `prepareInputs`)
   * @example Usage
   * ```ts ignore
   * const [forecast] = await pipeline.predict([series], { predictionLength: 24 });
   * ```
   */
  async predict(inputs: Chronos2Inputs, options: PredictOptions = {}): Promise<ForecastTensor[]> {
    const c = this.config.chronos;
    const predictionLength = options.predictionLength ?? this.modelPredictionLength;
    checkPredictionLength(predictionLength);
    const unrolled = options.unrolledQuantiles ?? DEFAULTS.quantileLevels;
    const missing = unrolled.filter((q) => !this.quantiles.includes(q));
    if (missing.length > 0) {
      throw new RangeError(
        `Unrolled quantiles must be model quantiles: ${missing.join(", ")} are not in [${
          this.quantiles.join(", ")
        }]`,
      );
    }
    if (predictionLength > this.modelPredictionLength) {
      const msg =
        `Prediction length ${predictionLength} is above ${this.modelPredictionLength}, the longest single-pass horizon; longer forecasts are rolled out and may degrade`;
      if (options.limitPredictionLength) throw new RangeError(msg);
      this.#warn(msg);
    }
    let contextLength = options.contextLength ?? c.contextLength;
    if (contextLength > c.contextLength) {
      this.#warn(
        `Context length ${contextLength} is above the model's ${c.contextLength}; using ${c.contextLength}`,
      );
      contextLength = c.contextLength;
    }
    const maxOutputPatches = options.maxOutputPatches ?? c.maxOutputPatches;
    if (!Number.isInteger(maxOutputPatches) || maxOutputPatches <= 0) {
      throw new RangeError(`maxOutputPatches must be a positive integer: got ${maxOutputPatches}`);
    }
    const prepOpts = {
      ...(options.knownCovariatesNames
        ? { knownCovariatesNames: options.knownCovariatesNames }
        : {}),
      ...(options.useTargetEncoding !== undefined
        ? { useTargetEncoding: options.useTargetEncoding }
        : {}),
    };
    const tasks = prepareInputs(inputs, predictionLength, prepOpts);
    const batches = makeBatches(tasks, {
      predictionLength,
      contextLength,
      batchSize: options.batchSize ?? 256,
      crossLearning: options.crossLearning ?? false,
    });
    const Q = this.quantiles.length;
    const results: ForecastTensor[] = [];
    for (const batch of batches) {
      const pred = await predictWithRollout(this.runner, batch, {
        quantiles: this.quantiles,
        patchSize: c.outputPatchSize,
        modelContextLength: c.contextLength,
        maxOutputPatches,
        unrolledQuantiles: unrolled,
        ...(options.onForward ? { onStep: options.onForward } : {}),
      });
      for (const [start, end] of batch.targetIdxRanges) {
        results.push({
          data: pred.slice(start * Q * predictionLength, end * Q * predictionLength),
          shape: [end - start, Q, predictionLength],
        });
      }
      options.afterBatch?.();
    }
    return results;
  }

  /**
   * Forecasts quantiles at the requested levels (`[nTargets, H, levels]`) and the median as `mean`.
   * Levels that are not model levels are linearly interpolated (flat outside the model's range, with a warning).
   *
   * @param inputs as for {@link predict}
   * @param options as for {@link predict}, plus `quantileLevels`
   * @returns quantiles and median per task
   * @throws {RangeError} when a level is outside [0, 1]
   * @example Usage
   * ```ts ignore
   * const { quantiles, mean } = await pipeline.predictQuantiles([series], { predictionLength: 24 });
   * ```
   */
  async predictQuantiles(
    inputs: Chronos2Inputs,
    options: PredictQuantilesOptions = {},
  ): Promise<QuantileForecasts> {
    const levels = options.quantileLevels ?? DEFAULTS.quantileLevels;
    if (levels.some((l) => !(l >= 0 && l <= 1))) {
      throw new RangeError(`Quantile levels must be in [0, 1]: got ${JSON.stringify(levels)}`);
    }
    const preds = await this.predict(inputs, options);
    const Q = this.quantiles.length;
    const subset = levels.every((l) => this.quantiles.includes(l));
    if (
      !subset &&
      (Math.min(...levels) < this.quantiles[0]! || Math.max(...levels) > this.quantiles[Q - 1]!)
    ) {
      this.#warn(
        `Quantile levels [${levels}] reach outside the model's [${this.quantiles[0]}, ${
          this.quantiles[Q - 1]
        }]; they are set to the nearest model level`,
      );
    }
    const medianIdx = this.quantiles.indexOf(0.5);
    const quantiles: ForecastTensor[] = [];
    const mean: ForecastTensor[] = [];
    for (const p of preds) {
      const [n, , h] = p.shape as [number, number, number];
      const hq = new Float32Array(n * h * Q);
      for (let r = 0; r < n; r++) {
        for (let q = 0; q < Q; q++) {
          for (let t = 0; t < h; t++) hq[(r * h + t) * Q + q] = p.data[(r * Q + q) * h + t]!;
        }
      }
      let out: Float32Array;
      if (subset) {
        const idx = levels.map((l) => this.quantiles.indexOf(l));
        out = new Float32Array(n * h * levels.length);
        for (let i = 0; i < n * h; i++) {
          idx.forEach((k, j) => (out[i * levels.length + j] = hq[i * Q + k]!));
        }
      } else {
        out = interpolateQuantiles(levels, this.quantiles, hq, Q);
      }
      quantiles.push({ data: out, shape: [n, h, levels.length] });
      const m = new Float32Array(n * h);
      if (medianIdx >= 0) { for (let i = 0; i < n * h; i++) m[i] = hq[i * Q + medianIdx]!; }
      else m.set(interpolateQuantiles([0.5], this.quantiles, hq, Q));
      mean.push({ data: m, shape: [n, h] });
    }
    return { quantiles, mean };
  }

  /**
   * Forecasts a long-format frame (`predict_df`) into a nodejs-polars DataFrame with the
   * official layout: columns `[id, timestamp, target_name, predictions (median), "0.1", …]`,
   * rows ordered by item (first appearance), target and step. Forecast timestamps continue each
   * item's regular frequency (`options.freq`, else inferred from at least 3 timestamps).
   * Covariate columns also present in `options.futureDf` are known-future covariates.
   *
   * @param df history frame (a nodejs-polars DataFrame or a record of columns)
   * @param options column names, future frame, frequency, levels and predict options
   * @returns the forecast frame
   * @throws {DataValidationError} for missing columns, irregular or too few timestamps, or a
   *   future frame that does not match (items, row counts, timestamps, columns)
   * @example Usage
   * ```ts
   * import { loadChronos2 } from "@chronos-deno/chronos-deno/chronos2";
   * import assert from "node:assert/strict";
   * const pipeline = await loadChronos2("tests/fixtures/chronos2-tiny", { backend: "reference" });
   * const hour = 3_600_000;
   * const df = {
   *   item_id: Array(48).fill("plant"),
   *   timestamp: Array.from({ length: 48 }, (_, i) => new Date(i * hour)),
   *   target: Array.from({ length: 48 }, (_, i) => 10 + Math.sin(i / 4)),
   * };
   * const out = await pipeline.predictDataFrame(df, { predictionLength: 4 });
   * const head = ["item_id", "timestamp", "target_name", "predictions", "0.1"];
   * assert.deepEqual(out.columns.slice(0, 5), head);
   * assert.equal(out.height, 4);
   * assert.deepEqual(out.getColumn("timestamp").toArray()[0], new Date(48 * hour));
   * ```
   */
  async predictDataFrame(
    df: FrameLike | ColumnRecord,
    options: DataFrameOptions = {},
  ): Promise<PolarsDataFrame> {
    const predictionLength = options.predictionLength ?? this.modelPredictionLength;
    const frame = frameToTasks(df, predictionLength, options);
    const levels = options.quantileLevels ?? [...DEFAULTS.quantileLevels];
    const { futureDf: _f, idColumn: _i, timestampColumn: _t, target: _g, freq: _q, ...rest } =
      options;
    const r = await this.predictQuantiles(frame.tasks, {
      ...rest,
      predictionLength,
      quantileLevels: levels,
    });
    return await toDataFrame(forecastColumns(frame, r, levels, options));
  }

  /**
   * Forecasts one already-tensorized batch (the window kernel's output): `[rows, Q, H]` for every row.
   * Rows with equal group ids attend to each other; horizons beyond one pass are rolled out.
   *
   * @param batch context, group ids, optional known future values and the prediction length
   * @returns the quantiles of every row
   * @throws {RangeError} when sizes disagree or the horizon is not a positive integer
   * @example Usage
   * ```ts ignore
   * const { quantiles } = await pipeline.predictBatch({ context, rows: 2, length: 512,
   *   groupIds: new Int32Array([0, 1]), predictionLength: 1 });
   * ```
   */
  async predictBatch(batch: SeriesBatch): Promise<{ quantiles: Float32Array }> {
    const { rows, length, predictionLength } = batch;
    checkPredictionLength(predictionLength);
    if (batch.context.length !== rows * length) {
      throw new RangeError(
        `Context has ${batch.context.length} values, ${rows} rows × ${length} need ${
          rows * length
        }`,
      );
    }
    if (batch.groupIds.length !== rows) {
      throw new RangeError(`Expected ${rows} group ids: got ${batch.groupIds.length}`);
    }
    if (batch.futureCovariates && batch.futureCovariates.length !== rows * predictionLength) {
      throw new RangeError(
        `Future covariates have ${batch.futureCovariates.length} values, ${rows} rows × ${predictionLength} need ${
          rows * predictionLength
        }`,
      );
    }
    const c = this.config.chronos;
    const quantiles = await predictWithRollout(this.runner, {
      context: batch.context,
      rows,
      length,
      predictionLength,
      groupIds: batch.groupIds,
      futureCovariates: batch.futureCovariates,
    }, {
      quantiles: this.quantiles,
      patchSize: c.outputPatchSize,
      modelContextLength: c.contextLength,
      maxOutputPatches: c.maxOutputPatches,
      unrolledQuantiles: DEFAULTS.quantileLevels,
    });
    return { quantiles };
  }

  /**
   * Releases the runtime resources (ONNX sessions).
   *
   * @example Usage
   * ```ts ignore
   * await pipeline.release();
   * ```
   */
  async release(): Promise<void> {
    await this.#release?.();
  }
}
