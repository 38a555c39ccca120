/**
 * Every default of a forecasting or fine-tuning run, written once. The CLI
 * flags, the task options and the library functions all read them from here,
 * so `--context-length`, `contextLength` and the graph agree without being
 * told twice. It lives in `lib/` so that the evaluation code, the models and
 * the CLI can all import it (`lib/` never imports `models/`).
 *
 * @example Usage
 * ```ts
 * import { DEFAULTS } from "@chronos-deno/chronos-deno";
 * import assert from "node:assert/strict";
 *
 * assert.equal(DEFAULTS.contextLength, 512);
 * assert.deepEqual(DEFAULTS.quantileLevels.slice(0, 2), [0.1, 0.2]);
 * ```
 *
 * @module
 */

/** The defaults of a forecast or an evaluation run. */
export interface ForecastDefaults {
  /** Context steps given to the model per window. */
  readonly contextLength: number;
  /** Steps forecast per origin. */
  readonly predictionLength: number;
  /** Series rows per model call (a window's rows are never split). */
  readonly batchSize: number;
  /** Quantile levels reported (those of Chronos-2's `predict_quantiles`). */
  readonly quantileLevels: readonly number[];
  /** Evaluation origins spread evenly over a split (0 means every step). */
  readonly maxPredictions: number;
  /** Steps between consecutive origins. */
  readonly stride: number;
  /** The hub id of the model loaded when none is named. */
  readonly model: string;
  /** Where result files and model folders go. */
  readonly outputDir: string;
}

/** The defaults of a fine-tuning run (beside {@linkcode DEFAULTS}). */
export interface FinetuneDefaults {
  /** Optimizer steps. */
  readonly numSteps: number;
  /** Peak learning rate. */
  readonly learningRate: number;
  /** Series rows per micro-batch. */
  readonly batchSize: number;
  /** Micro-batches per optimizer step. */
  readonly gradientAccumulationSteps: number;
  /** Validate every N steps (and after the last). */
  readonly validateEvery: number;
  /** Checkpoint every N steps (0 = never). */
  readonly checkpointEvery: number;
  /** Validation windows over the validation split. */
  readonly validationWindows: number;
  /** Seed of the window sampler, dropout and LoRA initialisation. */
  readonly seed: number;
  /** AdamW weight decay. */
  readonly weightDecay: number;
  /** Linear warm-up steps. */
  readonly warmupSteps: number;
  /** LoRA rank and alpha. */
  readonly lora: { readonly rank: number; readonly alpha: number };
}

/** The defaults of a forecast or evaluation run (the original project's values). */
export const DEFAULTS: ForecastDefaults = Object.freeze({
  contextLength: 512,
  predictionLength: 1,
  batchSize: 512,
  quantileLevels: Object.freeze([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]),
  maxPredictions: 10,
  stride: 1,
  model: "amazon/chronos-2",
  outputDir: "models/foundation",
});

/** The defaults of a fine-tuning run (the original project's values). */
export const FINETUNE_DEFAULTS: FinetuneDefaults = Object.freeze({
  numSteps: 10,
  learningRate: 1e-5,
  batchSize: 8,
  gradientAccumulationSteps: 4,
  validateEvery: 100,
  checkpointEvery: 100,
  validationWindows: 64,
  seed: 42,
  weightDecay: 0,
  warmupSteps: 0,
  lora: Object.freeze({ rank: 8, alpha: 16 }),
});
