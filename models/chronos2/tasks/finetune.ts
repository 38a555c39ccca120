/**
 * The fine-tuning task end to end (what `deno task finetune` and
 * `finetune-covariates` run): windows from the train split, the ONNX training
 * graph driven by {@linkcode fit}, the model saved as the official `fit` saves
 * it (LoRA merged), then the test split evaluated exactly as the zero-shot task
 * does (its `runZeroShot`), for the fine-tuned model and, unless skipped, the
 * untuned one on the same origins; one results file and one tracked run.
 *
 * @module
 */

import { DEFAULTS, FINETUNE_DEFAULTS } from "../../../lib/defaults.ts";
import { chronologicalSplits } from "../../../lib/data/splits.ts";
import { windowRows } from "../../../lib/evaluate/covariate_rows.ts";
import { Rng } from "../../../lib/optim/rng.ts";
import type { EvaluationResults } from "../../../lib/results/schema.ts";
import { createTracker } from "../../../lib/tracking/mod.ts";
import { checkpointFolders, loadCheckpoint, saveFinetunedModel } from "../train/checkpoint.ts";
import type { FinetuneOptions } from "./finetune_options.ts";
import { loadChronos2Config } from "../config.ts";
import { convertModel } from "../convert.ts";
import { splitTrainingData } from "./finetune_data.ts";
import { evaluateFinetuned } from "./finetune_evaluation.ts";
import { type FinetuneTracker, type FinetuneTracking, openFinetuneRun } from "./finetune_run.ts";
import { resolve } from "node:path";
import { RUN_TAGS, type RunSettings } from "../../../lib/tracking/vocabulary.ts";
import { fit, type FitResult, type TrainerCheckpoint } from "../../../lib/optim/fit.ts";
import { windowSource } from "../train/windows.ts";
import { adamWBackend } from "../../../lib/optim/adam_w.ts";
import { createLoraAdapters, mergeLora } from "../train/lora.ts";
import { locateChronos2 } from "../open.ts";
import { createGraphBackend } from "../train/backend.ts";
import { readSafetensors, type WeightMap } from "../weights.ts";

export type { FinetuneOptions } from "./finetune_options.ts";

/** What {@linkcode runFinetune} produced. */
export interface FinetuneOutcome {
  /** The saved model folder. */
  modelDir: string;
  /** The training result. */
  fit: FitResult;
  /** The results (undefined when evaluation was skipped or training interrupted). */
  results?: EvaluationResults;
  /** The results file. */
  resultsPath?: string;
  /** Tracked run id. */
  runId?: string;
}

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}_${p(d.getHours())}${
    p(d.getMinutes())
  }${p(d.getSeconds())}`;
}

/**
 * Fine-tunes, saves, evaluates and tracks (see the module doc).
 *
 * @param options data, model, recipe, evaluation and tracking
 * @returns the model folder, training result, results and run id
 * @throws {RangeError} on bad sizes or a checkpoint of another run
 * @throws {ModelFormatError} when the model folder or checkpoint is unreadable
 * @example Usage
 * ```ts ignore
 * const out = await runFinetune({ data, modelDir: "models/foundation/chronos-2", mode: "lora" });
 * ```
 */
export async function runFinetune(options: FinetuneOptions): Promise<FinetuneOutcome> {
  const runDir = finetuneRunDir(options);
  const resume = options.resume ? await loadCheckpoint(options.resume) : undefined;
  const tracking = options.tracker
    ? await openFinetuneRun(options.tracker, {
      experiment: options.experiment ?? finetuneExperiment(options),
      runDir,
      ...(options.resume ? { resumeFrom: options.resume } : {}),
      stepsDone: resume?.state.step ?? 0,
      settings: finetuneSettings(options),
      modelDir: options.modelDir,
      data: options.data,
      covariates: options.covariates ?? "none",
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    })
    : undefined;
  try {
    const out = await trainSaveEvaluate(options, runDir, resume, tracking);
    await tracking?.close({ interrupted: out.fit.interrupted }, out.fit.history);
    return { ...out, ...(tracking ? { runId: tracking.run.runId } : {}) };
  } catch (err) {
    await tracking?.close({ error: err }).catch(() => {});
    throw err;
  }
}

async function trainSaveEvaluate(
  options: FinetuneOptions,
  runDir: string,
  resume: TrainerCheckpoint | undefined,
  tracking: FinetuneTracking | undefined,
): Promise<FinetuneOutcome> {
  const mode = options.mode ?? "full";
  const covariates = options.covariates ?? "none";
  const H = options.predictionLength ?? DEFAULTS.predictionLength;
  const C = options.contextLength ?? DEFAULTS.contextLength;
  const seed = options.seed ?? FINETUNE_DEFAULTS.seed;
  const suffix = covariates === "none" ? "" : "_covariates";
  const config = await loadChronos2Config(`${options.modelDir}/config.json`);
  const weights = await readSafetensors(`${options.modelDir}/model.safetensors`);
  const P = config.chronos.inputPatchSize;
  const length = Math.ceil(C / P) * P;

  const rows = windowRows(options.data, covariates);
  const splits = chronologicalSplits(options.data.target.length);
  const data = splitTrainingData(rows, splits, {
    contextLength: C,
    predictionLength: H,
    validationWindows: options.validationWindows ?? FINETUNE_DEFAULTS.validationWindows,
  });
  const perTask = rows.series.length;
  const batchSize = options.batchSize ?? FINETUNE_DEFAULTS.batchSize;
  const trainRows = Math.ceil(batchSize / perTask) * perTask;
  const valRows = perTask * Math.max(1, Math.floor(64 / perTask));
  const lora = options.lora ?? FINETUNE_DEFAULTS.lora;
  const adapters = mode === "lora"
    ? createLoraAdapters(weights, new Rng(seed, "lora"), lora)
    : undefined;
  const initial = new Map<string, { data: Float32Array }>(weights);
  for (const a of adapters ?? []) initial.set(a.nameA, { data: a.a }).set(a.nameB, { data: a.b });

  const backend = await createGraphBackend(config, weights, {
    rows: trainRows,
    validationRows: valRows,
    length,
    predictionLength: H,
    // no covariates: every row is its own group, and group attention reduces to o(v)
    singletonGroups: perTask === 1,
    ...(adapters ? { adapters } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  const optimizer = await adamWBackend(options.device ?? "auto", options.onInfo);
  options.onInfo?.(
    `Training ${mode} (${backend.params.length} trainable tensors, ${
      backend.params.reduce((a, p) => a + p.shape.reduce((x, y) => x * y, 1), 0)
    } values) on ${backend.executionProvider}; ${trainRows} rows x ${length} steps per micro-batch${
      perTask === 1
        ? "; one row per group, so group attention runs as its value and output layers"
        : ""
    }`,
  );
  const numSteps = options.numSteps ?? FINETUNE_DEFAULTS.numSteps;
  const fingerprint = {
    model: options.modelId ?? options.modelDir,
    data: options.data.source,
    mode,
    covariates,
    numSteps,
    learningRate: options.learningRate ?? FINETUNE_DEFAULTS.learningRate,
    batchSize,
    gradientAccumulationSteps: options.gradientAccumulationSteps ??
      FINETUNE_DEFAULTS.gradientAccumulationSteps,
    predictionLength: H,
    contextLength: C,
    weightDecay: options.weightDecay ?? FINETUNE_DEFAULTS.weightDecay,
    warmupSteps: options.warmupSteps ?? FINETUNE_DEFAULTS.warmupSteps,
    loraRank: mode === "lora" ? lora.rank : null,
    loraAlpha: mode === "lora" ? lora.alpha : null,
  };
  let result: FitResult;
  try {
    const source = windowSource(data.train, data.val, {
      batchSize,
      contextLength: C,
      predictionLength: H,
      fixedLength: length,
      validationBatchSize: valRows,
      seed,
    });
    result = await fit(backend, optimizer, initial, source, {
      numSteps,
      learningRate: fingerprint.learningRate,
      warmupSteps: fingerprint.warmupSteps,
      weightDecay: fingerprint.weightDecay,
      gradientAccumulationSteps: fingerprint.gradientAccumulationSteps,
      // the weights map is not read again before the save, which takes result.params
      adoptInitial: true,
      seed,
      validateEvery: options.validateEvery ?? FINETUNE_DEFAULTS.validateEvery,
      checkpointEvery: options.checkpointEvery ?? FINETUNE_DEFAULTS.checkpointEvery,
      checkpoints: tracking
        ? tracking.checkpoints(checkpointFolders(`${runDir}/checkpoints`))
        : checkpointFolders(`${runDir}/checkpoints`),
      fingerprint,
      ...(resume ? { resume } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onStep: (p, info) => {
        tracking?.step(p);
        options.onStep?.(p, { ...info, numSteps });
      },
    });
  } finally {
    await backend.release();
  }
  if (result.interrupted) return { modelDir: runDir, fit: result };
  // The whole curve is on the server before the (long) save and evaluation.
  await tracking?.flush(result.history);

  let finalWeights: WeightMap;
  if (adapters) {
    for (const a of adapters) {
      a.a = result.params.get(a.nameA)!.data;
      a.b = result.params.get(a.nameB)!.data;
    }
    finalWeights = mergeLora(weights, adapters);
  } else {
    finalWeights = new Map(
      [...weights].map(([k, t]) => [k, { ...t, data: result.params.get(k)?.data ?? t.data }]),
    );
  }
  await saveFinetunedModel(runDir, config, finalWeights, {
    contextLength: C,
    predictionLength: H,
    metadata: { "chronos_deno_finetune": JSON.stringify({ mode, steps: result.stepsDone, seed }) },
  });
  await convertModel(runDir, {
    force: true,
    ...(options.onInfo ? { onProgress: options.onInfo } : {}),
  });
  // A finished run's model folder is its weights (about 1.0× their size): the checkpoints
  // (weights + optimizer moments, to resume an interrupted run) go unless asked to keep them.
  if (!options.keepCheckpoints) {
    await Deno.remove(`${runDir}/checkpoints`, { recursive: true }).catch((e) => {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    });
  }
  options.onInfo?.(`Saved the fine-tuned model to ${runDir}`);
  await tracking?.run.setTags({ [RUN_TAGS.modelPath]: resolve(runDir) });
  if (options.skipEvaluation) return { modelDir: runDir, fit: result };
  return {
    modelDir: runDir,
    fit: result,
    ...(await evaluateFinetuned(options, runDir, result, covariates, suffix, tracking?.run)),
  };
}

/** The run folder: the resumed checkpoint's run, or a new stamped folder. */
/** The default experiment of a fine-tuning run: the dataset's, with or without covariates. */
export function finetuneExperiment(
  options: Pick<FinetuneOptions, "dataset" | "covariates">,
): string {
  const names = options.dataset.experiments;
  return (options.covariates ?? "none") === "none" ? names.finetuned : names.finetunedCovariates;
}

function finetuneRunDir(options: FinetuneOptions): string {
  const suffix = (options.covariates ?? "none") === "none" ? "" : "_covariates";
  return options.resume
    ? options.resume.replace(/\/+$/, "").replace(/\/checkpoints\/[^/]+$/, "")
    : `${options.outputDir ?? DEFAULTS.outputDir}/chronos2_finetuned${suffix}_${
      stamp(options.now ?? new Date())
    }`;
}

/** The fine-tuning's settings in the tracking vocabulary. */
function finetuneSettings(o: FinetuneOptions): RunSettings {
  const mode = o.mode ?? "full";
  const lora = o.lora ?? FINETUNE_DEFAULTS.lora;
  return {
    model: o.modelId ?? o.modelDir,
    data: o.data.source,
    split: "train",
    contextLength: o.contextLength ?? DEFAULTS.contextLength,
    predictionLength: o.predictionLength ?? DEFAULTS.predictionLength,
    covariates: o.covariates ?? "none",
    batchSize: o.batchSize ?? FINETUNE_DEFAULTS.batchSize,
    device: o.device ?? "auto",
    mode,
    numSteps: o.numSteps ?? FINETUNE_DEFAULTS.numSteps,
    learningRate: o.learningRate ?? FINETUNE_DEFAULTS.learningRate,
    gradientAccumulationSteps: o.gradientAccumulationSteps ??
      FINETUNE_DEFAULTS.gradientAccumulationSteps,
    warmupSteps: o.warmupSteps ?? FINETUNE_DEFAULTS.warmupSteps,
    weightDecay: o.weightDecay ?? 0,
    ...(mode === "lora" ? { loraRank: lora.rank, loraAlpha: lora.alpha } : {}),
    seed: o.seed ?? 42,
  };
}

/** Options of {@linkcode runFinetuneTask}: those of `runFinetune` with the model and data named. */
export interface FinetuneTaskOptions
  extends Omit<FinetuneOptions, "data" | "modelDir" | "modelId" | "tracker"> {
  /** Base model folder, or a Hugging Face id fetched and converted on first use. @default {"amazon/chronos-2"} */
  model?: string;
  /** A local data file (`--data`). @default {the dataset's own resolution (e.g. env, cache, download)} */
  data?: string;
  /** Tracking; `false` tracks nothing. @default {createTracker() (MLFLOW_TRACKING_URI, else ./mlruns)} */
  tracker?: FinetuneTracker | false;
}

/**
 * The fine-tuning task as `deno task finetune` runs it: finds and loads the
 * dataset named by its spec, finds the base model (a folder, or a hub id fetched and
 * converted on first use), then {@linkcode runFinetune}.
 *
 * @param options model, data, recipe, evaluation, tracking and progress options
 * @returns the model folder, training result, results and run id
 * @throws {Deno.errors.NotFound} when the model is neither a folder nor a hub id
 * @throws {DownloadError} when the data or a hub model cannot be downloaded
 * @example Usage
 * ```ts ignore
 * import { runFinetuneTask, STEEL_SPEC } from "@chronos-deno/chronos-deno";
 * const out = await runFinetuneTask({ dataset: STEEL_SPEC, mode: "lora", numSteps: 100 });
 * ```
 */
export async function runFinetuneTask(options: FinetuneTaskOptions): Promise<FinetuneOutcome> {
  const { model = "amazon/chronos-2", data: dataArg, tracker: t, ...rest } = options;
  const warn = options.onWarning ? { onWarning: options.onWarning } : {};
  const { path: dataPath } = await options.dataset.resolve({
    ...(dataArg ? { data: dataArg } : {}),
    ...warn,
  });
  const data = await options.dataset.load(dataPath, warn);
  options.onInfo?.(`Data: ${dataPath} (${data.target.length} rows)`);
  const { dir } = await locateChronos2(model, { onInfo: options.onInfo });
  const tracker = t === false ? undefined : t ?? createTracker(warn);
  return await runFinetune({
    ...rest,
    data,
    modelDir: dir,
    modelId: model,
    ...(tracker ? { tracker } : {}),
  });
}
