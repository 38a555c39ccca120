/**
 * The one vocabulary of every tracked run: which params and tags a run of
 * any kind (zero-shot, fine-tuning, GBDT, ensembles, sweeps)
 * records and under which names, so that `deno task runs` compares any runs
 * side by side. Params are the run's settings, in snake_case, one name for
 * one thing; everything about the circumstances (kind, source, commit, host,
 * versions, user, paths, status reasons, errors) is a tag.
 *
 * @module
 */

import { resolve } from "node:path";
import { currentSource, currentUser } from "./_run_info.ts";
import { gitCommit, hostTags, RUN_KIND_TAG } from "./run_context.ts";

/** The settings of a run, in the library's camelCase; {@linkcode runParams} names them. */
export interface RunSettings {
  /** Model id (hub id or folder) as the user named it. */
  model?: string;
  /** Model revision (hub commit, or "local"). */
  modelRevision?: string;
  /** Data file as the user named it. */
  data?: string;
  /** Which split is scored ("validation", "test"). */
  split?: string;
  /** Context length in steps. */
  contextLength?: number;
  /** Horizon in steps. */
  predictionLength?: number;
  /** Series rows per model call (evaluation) or per micro-batch (training). */
  batchSize?: number;
  /** The kernel device asked for ("auto", "cpu", "webgpu"). */
  device?: string;
  /** ONNX Runtime execution provider actually used. */
  executionProvider?: string;
  /** Covariate mode ("none", "known", "all"). */
  covariates?: string;
  /** Quantile levels. */
  quantileLevels?: readonly number[];
  /** The --max-predictions value (0 = every origin). */
  maxPredictions?: number;
  /** Forecast origins scored. */
  numPredictions?: number;
  /** Step between candidate origins. */
  stride?: number;
  /** Window kernel path ("cpu", "webgpu"). */
  windowKernel?: string;
  /** Metric kernel path ("cpu", "webgpu"). */
  metricKernel?: string;
  /** Fine-tuning mode ("full", "lora"). */
  mode?: string;
  /** Optimizer steps. */
  numSteps?: number;
  /** Peak learning rate. */
  learningRate?: number;
  /** Micro-batches per optimizer step. */
  gradientAccumulationSteps?: number;
  /** Warm-up steps. */
  warmupSteps?: number;
  /** AdamW weight decay. */
  weightDecay?: number;
  /** LoRA rank. */
  loraRank?: number;
  /** LoRA alpha. */
  loraAlpha?: number;
  /** Random seed. */
  seed?: number;
}

/** One row of the vocabulary: a setting and the param key it is logged under. */
export interface ParamName {
  /** The {@linkcode RunSettings} field. */
  field: keyof RunSettings;
  /** The MLflow param key. */
  key: string;
}

/** Every param key, in the order `deno task runs` shows them. */
export const RUN_PARAMS: readonly ParamName[] = [
  { field: "model", key: "model" },
  { field: "modelRevision", key: "model_revision" },
  { field: "data", key: "data" },
  { field: "split", key: "split" },
  { field: "contextLength", key: "context_length" },
  { field: "predictionLength", key: "prediction_length" },
  { field: "covariates", key: "covariates" },
  { field: "batchSize", key: "batch_size" },
  { field: "device", key: "device" },
  { field: "executionProvider", key: "execution_provider" },
  { field: "quantileLevels", key: "quantile_levels" },
  { field: "maxPredictions", key: "max_predictions" },
  { field: "numPredictions", key: "num_predictions" },
  { field: "stride", key: "stride" },
  { field: "windowKernel", key: "window_kernel" },
  { field: "metricKernel", key: "metric_kernel" },
  { field: "mode", key: "mode" },
  { field: "numSteps", key: "num_steps" },
  { field: "learningRate", key: "learning_rate" },
  { field: "gradientAccumulationSteps", key: "gradient_accumulation_steps" },
  { field: "warmupSteps", key: "warmup_steps" },
  { field: "weightDecay", key: "weight_decay" },
  { field: "loraRank", key: "lora_rank" },
  { field: "loraAlpha", key: "lora_alpha" },
  { field: "seed", key: "seed" },
];

/** The tags every run carries, and the optional ones, by role. */
export const RUN_TAGS = {
  /** What the run is: "zero-shot", "finetune", "gbdt", "ensemble", "sweep". */
  kind: RUN_KIND_TAG,
  /** The entry-point file. */
  sourceName: "mlflow.source.name",
  /** Always "LOCAL". */
  sourceType: "mlflow.source.type",
  /** The project's git commit. */
  gitCommit: "mlflow.source.git.commit",
  /** The OS account that ran it. */
  user: "mlflow.user",
  /** Host name. */
  host: "chronos.host",
  /** `<os>-<arch>`. */
  platform: "chronos.platform",
  /** Deno version. */
  deno: "chronos.deno",
  /** V8 version. */
  v8: "chronos.v8",
  /** TypeScript version. */
  typescript: "chronos.typescript",
  /** Absolute path of the model folder evaluated or written. */
  modelPath: "chronos.model_path",
  /** Absolute path of the base model a fine-tuning started from. */
  baseModelPath: "chronos.base_model_path",
  /** Absolute path of the results file. */
  resultsPath: "chronos.results_path",
  /** The parent run (a child run nests under it in the UI). */
  parentRunId: "mlflow.parentRunId",
  /** Why the run stopped when it did not finish: "error" or "interrupted". */
  endReason: "chronos.end_reason",
  /** The error of a FAILED run: its type and message. */
  error: "chronos.error",
  /** Why the execution provider was chosen. */
  executionProviderReason: "chronos.execution_provider_reason",
  /** Why the window kernel was chosen. */
  windowKernelReason: "chronos.window_kernel_reason",
  /** Why the metric kernel was chosen. */
  metricKernelReason: "chronos.metric_kernel_reason",
  /** Best validation step of a fine-tuning run. */
  bestStep: "chronos.best_step",
} as const;

/**
 * The params of a run: every setting given, under its vocabulary key
 * (numbers and booleans as they are, quantile levels comma-joined).
 *
 * @param settings the run's settings
 * @returns param key → value
 * @example Usage
 * ```ts
 * import { runParams } from "@chronos-deno/chronos-deno/tracking";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(runParams({ model: "amazon/chronos-2", contextLength: 512, batchSize: 8 }),
 *   { model: "amazon/chronos-2", context_length: 512, batch_size: 8 });
 * ```
 */
export function runParams(settings: RunSettings): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { field, key } of RUN_PARAMS) {
    const v = settings[field];
    if (v === undefined) continue;
    out[key] = Array.isArray(v) ? v.join(",") : v as string | number;
  }
  return out;
}

/** Options of {@linkcode runTags}. */
export interface RunTagsOptions {
  /** The model folder (made absolute). */
  modelPath?: string;
  /** The parent run id, for a child run. */
  parentRunId?: string;
  /** Where to ask git. @default the current folder */
  cwd?: string;
  /** More tags (e.g. other runtime versions such as `chronos.onnxruntime`). */
  extra?: Record<string, string>;
}

/**
 * The tags of a run of a kind: kind, source, git commit, OS user, host and
 * runtime versions, and the absolute model path when given.
 *
 * @param kind what the run is, e.g. "zero-shot", "finetune"
 * @param options model path, parent run, git folder, extra tags
 * @returns tag key → value
 * @example Usage
 * ```ts
 * import { runTags } from "@chronos-deno/chronos-deno/tracking";
 * const tags = await runTags("finetune", { modelPath: "models/x" });
 * if (tags["chronos.run_kind"] !== "finetune" || !tags["chronos.model_path"]!.startsWith("/")) {
 *   throw new Error();
 * }
 * ```
 */
export async function runTags(
  kind: string,
  options: RunTagsOptions = {},
): Promise<Record<string, string>> {
  return {
    [RUN_TAGS.kind]: kind,
    [RUN_TAGS.sourceName]: currentSource(),
    [RUN_TAGS.sourceType]: "LOCAL",
    [RUN_TAGS.gitCommit]: await gitCommit(options.cwd),
    [RUN_TAGS.user]: currentUser(),
    ...hostTags(),
    [RUN_TAGS.v8]: Deno.version.v8,
    [RUN_TAGS.typescript]: Deno.version.typescript,
    ...(options.modelPath !== undefined
      ? { [RUN_TAGS.modelPath]: resolve(options.modelPath) }
      : {}),
    ...(options.parentRunId !== undefined ? { [RUN_TAGS.parentRunId]: options.parentRunId } : {}),
    ...options.extra,
  };
}
