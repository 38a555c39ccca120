/**
 * The options of the fine-tuning task, in a file of their own so that the
 * training and evaluation halves of the task can both read them.
 *
 * @module
 */

import type { TimeSeriesData } from "../../../lib/data/types.ts";
import type { CovariateMode } from "../../../lib/evaluate/covariate_rows.ts";
import type { FinetuneTracker } from "./finetune_run.ts";
import type { TrainingPoint } from "../../../lib/results/schema.ts";
import type { Device } from "../../../lib/gpu/select.ts";
import type { DatasetSpec } from "../../../lib/datasets/spec.ts";
import type { Precision } from "../precision.ts";

/** Options of the fine-tuning task (`runFinetune`). */
export interface FinetuneOptions {
  /** The series (target + covariates). */
  data: TimeSeriesData;
  /** The dataset the series is: experiment names, seasonal periods, segment column. */
  dataset: DatasetSpec;
  /** Model folder (config.json + model.safetensors). */
  modelDir: string;
  /** Model id for records (hub id or folder). @default {modelDir} */
  modelId?: string;
  /** "full" or "lora". @default {"full"} */
  mode?: "full" | "lora";
  /** Covariate mode. @default {"none"} */
  covariates?: CovariateMode;
  /** Optimizer steps. @default {10} */
  numSteps?: number;
  /** Peak learning rate. @default {1e-5} */
  learningRate?: number;
  /** Rows per micro-batch (tasks are added until reached). @default {8} */
  batchSize?: number;
  /** Micro-batches per step. @default {4} */
  gradientAccumulationSteps?: number;
  /** Horizon. @default {1} */
  predictionLength?: number;
  /** Context length. @default {512} */
  contextLength?: number;
  /** Validate every N steps (and after the last). @default {100} */
  validateEvery?: number;
  /** Checkpoint every N steps (0 = never). @default {100} */
  checkpointEvery?: number;
  /**
   * Keep the checkpoints of a run that finished (they are removed once the model is saved,
   * so the folder is about the size of its weights; an interrupted run always keeps them).
   * @default false
   */
  keepCheckpoints?: boolean;
  /** Validation windows over the validation split. @default {64} */
  validationWindows?: number;
  /** Seed. @default {42} */
  seed?: number;
  /** AdamW weight decay. @default {0} */
  weightDecay?: number;
  /** Warm-up steps. @default {0} */
  warmupSteps?: number;
  /** LoRA rank and alpha. @default {{ rank: 8, alpha: 16 }} */
  lora?: { rank: number; alpha: number };
  /** Continue from this checkpoint folder (`<run>/checkpoints/checkpoint-N`). */
  resume?: string;
  /** Where the model folder and results file go. @default {"models/foundation"} */
  outputDir?: string;
  /** Skip evaluating the untuned model. @default {false} */
  skipZeroShot?: boolean;
  /** Skip the test evaluation entirely (tests, benches). @default {false} */
  skipEvaluation?: boolean;
  /** Test origins, spread evenly (as zero-shot). @default {10} */
  maxPredictions?: number;
  /** Kernel device (AdamW, windows, metrics). @default {"auto"} */
  device?: Device;
  /** Precision of the evaluation's forecasts (training is fp32). @default "fp32" */
  precision?: Precision;
  /** Tracking (no run tracked when absent). */
  tracker?: FinetuneTracker;
  /** Experiment. @default {the dataset's experiments.finetuned (finetunedCovariates with covariates)} */
  experiment?: string;
  /** Stops after the step in flight (a checkpoint is written). */
  signal?: AbortSignal;
  /** Progress after every step. */
  onStep?: (
    point: TrainingPoint,
    info: { elapsedSeconds: number; stepsDone: number; numSteps: number },
  ) => void;
  /** One-line notes. */
  onInfo?: (line: string) => void;
  /** Warnings. */
  onWarning?: (message: string) => void;
  /** Clock for folder names. @default {new Date()} */
  now?: Date;
}
