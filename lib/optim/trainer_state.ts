/**
 * What the generic trainer saves and resumes from: its state, the
 * checkpoint as tensors, and the sink checkpoints go to (the format on disk
 * belongs to the sink).
 *
 * @module
 */

import type { TrainingPoint } from "../results/schema.ts";

/** A named float32 tensor (trainable values, their moments or a checkpoint's copy). */
export interface ParamTensor {
  /** Dimensions. */
  shape: readonly number[];
  /** Row-major values. */
  data: Float32Array;
}

/** The counters, options and curve of a run (the JSON part of a checkpoint). */
export interface TrainerState {
  /** Optimizer steps completed. */
  step: number;
  /** The run's seed. */
  seed: number;
  /** Options that must be equal when resuming (mode, sizes, learning rate, data, …). */
  fingerprint: Record<string, string | number | boolean | null>;
  /** Best validation loss so far, or null. */
  bestValLoss: number | null;
  /** Step of the best validation loss, or null. */
  bestStep: number | null;
  /** The curve so far. */
  history: TrainingPoint[];
  /** Trainable tensors in flat-layout order. */
  params: { name: string; shape: number[] }[];
}

/** Everything needed to continue a run exactly. */
export interface TrainerCheckpoint {
  /** Counters, options and curve. */
  state: TrainerState;
  /** Trainable tensors by name. */
  params: Map<string, ParamTensor>;
  /** AdamW first moments, flat in `state.params` order. */
  expAvg: Float32Array;
  /** AdamW second moments, flat. */
  expAvgSq: Float32Array;
  /** Trainable tensors at the best validation loss, when there is one. */
  best?: Map<string, ParamTensor>;
}

/** Where checkpoints go (a folder per step in practice). */
export interface CheckpointSink {
  /**
   * Stores a checkpoint; the tensors are views of the live buffers, valid
   * only until the promise settles.
   *
   * @returns where it went (reported as `lastCheckpoint`)
   */
  save(checkpoint: TrainerCheckpoint): Promise<string>;
}
