/**
 * Fine-tuning Chronos-2 from code: the generic trainer (`fit`, AdamW), the
 * fine-tuning task (`runFinetune`, `runFinetuneTask`), LoRA adapters, and the
 * Chronos-2 pieces the task plugs into the trainer (the ONNX training graph
 * as its backend, training windows as its data source, checkpoint folders as
 * its sink).
 *
 * @example Usage
 * ```ts ignore
 * import { runFinetune } from "@chronos-deno/chronos-deno";
 * const out = await runFinetune({ data, modelDir: "models/foundation/chronos-2", mode: "lora",
 *   lora: { rank: 8, alpha: 16 }, numSteps: 100 });
 * console.log(out.modelDir, out.fit.bestValLoss);
 * ```
 *
 * @module
 */

export {
  type Batch,
  type CheckpointSink,
  type DataSource,
  fit,
  type FitOptions,
  type FitResult,
  type ParamSpec,
  type ParamTensor,
  type TrainingBackend,
} from "../../../lib/optim/fit.ts";
export type { TrainerCheckpoint } from "../../../lib/optim/trainer_state.ts";
export {
  adamWBackend,
  type AdamWHyper,
  type OptimizerBackend,
  type OptimizerState,
} from "../../../lib/optim/adam_w.ts";
export {
  type FinetuneOptions,
  type FinetuneOutcome,
  type FinetuneTaskOptions,
  runFinetune,
  runFinetuneTask,
} from "../tasks/finetune.ts";
export { createLoraAdapters, type LoraAdapter, type LoraOptions, mergeLora } from "./lora.ts";
export { createGraphBackend, type GraphBackend, type GraphBackendOptions } from "./backend.ts";
export {
  type TrainingBatch,
  type TrainingSeries,
  type WindowOptions,
  windowSource,
  type WindowSourceOptions,
} from "./windows.ts";
export {
  type Checkpoint,
  CHECKPOINT_FORMAT,
  checkpointFolders,
  loadCheckpoint,
  saveCheckpoint,
  saveFinetunedModel,
  type SaveModelOptions,
  type TrainerState,
} from "./checkpoint.ts";
