/**
 * Fine-tuning checkpoints: everything needed to continue a run exactly.
 * A checkpoint folder holds `trainer_state.json` (step, seed, the options that
 * must not change, best validation loss, the curve so far), `trainable.safetensors`
 * (the trainable tensors: full weights or LoRA A/B), `optimizer.safetensors`
 * (AdamW's first and second moments, flat) and, once validated,
 * `best.safetensors` (the trainable tensors at the best validation loss).
 * Random draws are derived from (seed, step), so no generator state is stored.
 * Folders are written under a temporary name and renamed, so a crash never
 * leaves a half-written checkpoint. {@linkcode saveFinetunedModel} writes the
 * final model folder.
 *
 * @module
 */

import { ModelFormatError } from "../../../lib/errors.ts";
import type { TrainingPoint } from "../../../lib/results/schema.ts";
import type {
  CheckpointSink,
  TrainerCheckpoint,
  TrainerState as FitTrainerState,
} from "../../../lib/optim/fit.ts";
import { type Chronos2Config, configToJson } from "../config.ts";
import { readSafetensors, type TensorToWrite, writeSafetensors } from "../weights.ts";
import { outputPatches } from "../output_patches.ts";

/** Format tag of `trainer_state.json`. */
export const CHECKPOINT_FORMAT = "chronos-deno/finetune-checkpoint@1";

/** The JSON part of a checkpoint: the trainer's state, tagged with the format. */
export interface TrainerState extends FitTrainerState {
  /** Always {@linkcode CHECKPOINT_FORMAT}. */
  format: typeof CHECKPOINT_FORMAT;
}

/** A checkpoint in memory. */
export interface Checkpoint extends TrainerCheckpoint {
  /** Counters, options and curve. */
  state: TrainerState;
}

function tidy(point: TrainingPoint): TrainingPoint {
  // JSON has no NaN: drop non-finite fields
  const out: TrainingPoint = { step: point.step };
  for (const k of ["loss", "valLoss", "learningRate", "gradNorm"] as const) {
    const v = point[k];
    if (v !== undefined && Number.isFinite(v)) out[k] = v;
  }
  return out;
}

/**
 * Writes a checkpoint folder (atomically: a temporary folder, then a rename).
 *
 * @param dir the checkpoint folder (replaced when it exists)
 * @param ckpt what to save
 * @throws {RangeError} when the moments do not match the parameter count
 * @example Usage
 * ```ts
 * import { loadCheckpoint, saveCheckpoint } from "@chronos-deno/chronos-deno/train";
 * import assert from "node:assert/strict";
 * const dir = (await Deno.makeTempDir()) + "/ckpt";
 * const state = { format: "chronos-deno/finetune-checkpoint@1" as const, step: 3, seed: 1,
 *   fingerprint: {}, bestValLoss: null, bestStep: null, history: [],
 *   params: [{ name: "w", shape: [2] }] };
 * await saveCheckpoint(dir, { state, params: new Map([["w", { shape: [2], data: new Float32Array([1, 2]) }]]),
 *   expAvg: new Float32Array(2), expAvgSq: new Float32Array(2) });
 * assert.equal((await loadCheckpoint(dir)).state.step, 3);
 * ```
 */
export async function saveCheckpoint(dir: string, ckpt: Checkpoint): Promise<void> {
  const total = ckpt.state.params.reduce((a, p) => a + p.shape.reduce((x, y) => x * y, 1), 0);
  if (ckpt.expAvg.length !== total || ckpt.expAvgSq.length !== total) {
    throw new RangeError(
      `Optimizer moments hold ${ckpt.expAvg.length}/${ckpt.expAvgSq.length} values but ${total} are trainable`,
    );
  }
  const tmp = `${dir}.tmp-${Date.now()}`;
  await Deno.mkdir(tmp, { recursive: true });
  const state: TrainerState = { ...ckpt.state, history: ckpt.state.history.map(tidy) };
  await Deno.writeTextFile(`${tmp}/trainer_state.json`, JSON.stringify(state, null, 1));
  await writeSafetensors(`${tmp}/trainable.safetensors`, ckpt.params);
  await writeSafetensors(`${tmp}/optimizer.safetensors`, {
    "exp_avg": { shape: [total], data: ckpt.expAvg },
    "exp_avg_sq": { shape: [total], data: ckpt.expAvgSq },
  });
  if (ckpt.best) await writeSafetensors(`${tmp}/best.safetensors`, ckpt.best);
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.rename(tmp, dir);
}

/**
 * The trainer's checkpoint sink for a run folder: each checkpoint is written
 * by {@linkcode saveCheckpoint} to `<dir>/checkpoint-<step>`, and only the
 * last two are kept.
 *
 * @param dir the run's checkpoints folder
 * @returns the sink for `fit`'s `checkpoints` option
 * @example Usage
 * ```ts
 * import { checkpointFolders, loadCheckpoint } from "@chronos-deno/chronos-deno/train";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const sink = checkpointFolders(dir);
 * for (const step of [1, 2, 3]) {
 *   await sink.save({ state: { step, seed: 0, fingerprint: {}, bestValLoss: null, bestStep: null,
 *     history: [], params: [{ name: "w", shape: [1] }] },
 *     params: new Map([["w", { shape: [1], data: new Float32Array([step]) }]]),
 *     expAvg: new Float32Array(1), expAvgSq: new Float32Array(1) });
 * }
 * assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["checkpoint-2", "checkpoint-3"]);
 * assert.equal((await loadCheckpoint(`${dir}/checkpoint-3`)).params.get("w")!.data[0], 3);
 * ```
 */
export function checkpointFolders(dir: string): CheckpointSink {
  const kept: string[] = [];
  return {
    async save(ckpt) {
      const folder = `${dir}/checkpoint-${ckpt.state.step}`;
      await saveCheckpoint(folder, {
        ...ckpt,
        state: { format: CHECKPOINT_FORMAT, ...ckpt.state },
      });
      if (!kept.includes(folder)) kept.push(folder);
      while (kept.length > 2) await Deno.remove(kept.shift()!, { recursive: true }).catch(() => {});
      return folder;
    },
  };
}

/**
 * Reads a checkpoint folder written by {@linkcode saveCheckpoint}.
 *
 * @param dir the folder
 * @returns the checkpoint
 * @throws {ModelFormatError} when a file is missing, of another format, or inconsistent
 * @example Usage
 * ```ts
 * import { loadCheckpoint } from "@chronos-deno/chronos-deno/train";
 * import assert from "node:assert/strict";
 * await assert.rejects(loadCheckpoint("/nonexistent"));
 * ```
 */
export async function loadCheckpoint(dir: string): Promise<Checkpoint> {
  let state: TrainerState;
  try {
    state = JSON.parse(await Deno.readTextFile(`${dir}/trainer_state.json`));
  } catch (err) {
    throw new ModelFormatError(
      "trainer_state.json",
      `Cannot resume from "${dir}": no readable trainer_state.json; pass a checkpoint folder of a fine-tuning run`,
      { cause: err },
    );
  }
  if (state.format !== CHECKPOINT_FORMAT) {
    throw new ModelFormatError(
      "format",
      `Cannot resume from "${dir}": format "${String(state.format)}" is not "${CHECKPOINT_FORMAT}"`,
    );
  }
  const weights = await readSafetensors(`${dir}/trainable.safetensors`);
  const params = new Map<string, TensorToWrite>();
  for (const p of state.params) {
    const t = weights.get(p.name);
    if (!t || t.shape.join(",") !== p.shape.join(",")) {
      throw new ModelFormatError(
        "trainable.safetensors",
        `Cannot resume from "${dir}": tensor "${p.name}" is missing or not shaped [${p.shape}]`,
      );
    }
    params.set(p.name, { shape: t.shape, data: t.data });
  }
  const opt = await readSafetensors(`${dir}/optimizer.safetensors`);
  const expAvg = opt.get("exp_avg")?.data;
  const expAvgSq = opt.get("exp_avg_sq")?.data;
  const total = state.params.reduce((a, p) => a + p.shape.reduce((x, y) => x * y, 1), 0);
  if (!expAvg || !expAvgSq || expAvg.length !== total || expAvgSq.length !== total) {
    throw new ModelFormatError(
      "optimizer.safetensors",
      `Cannot resume from "${dir}": optimizer moments are missing or not ${total} values long`,
    );
  }
  const ckpt: Checkpoint = { state, params, expAvg, expAvgSq };
  try {
    const best = await readSafetensors(`${dir}/best.safetensors`);
    ckpt.best = new Map([...best].map(([k, t]) => [k, { shape: t.shape, data: t.data }]));
  } catch (err) {
    if (!(err instanceof ModelFormatError && err.cause instanceof Deno.errors.NotFound)) {
      if (state.bestStep !== null) throw err;
    }
  }
  return ckpt;
}

/** Options of {@linkcode saveFinetunedModel}. */
export interface SaveModelOptions {
  /** Context length trained with (the config's is raised to it when larger). */
  contextLength: number;
  /** Horizon trained with (max output patches raised to ceil(H / 16) when larger). */
  predictionLength: number;
  /** Builds `model.onnx` bytes for the saved config and weights (skipped when absent). */
  exportOnnx?: (config: Chronos2Config, weights: ReadonlyMap<string, TensorToWrite>) => Uint8Array;
  /** Extra `__metadata__` entries of model.safetensors. */
  metadata?: Record<string, string>;
}

/**
 * Writes a fine-tuned model folder as the official `fit` saves it:
 * `config.json` with `context_length` and `max_output_patches` raised to what
 * was trained (`time_encoding_scale` written out unchanged), `model.safetensors`
 * with the official tensor names, and `model.onnx` when an exporter is given.
 *
 * @param dir the folder (created)
 * @param config the base model's config
 * @param weights every tensor (LoRA already merged), official names
 * @param options trained sizes and the ONNX exporter
 * @returns the saved config
 * @example Usage
 * ```ts
 * import { saveFinetunedModel } from "@chronos-deno/chronos-deno/train";
 * import { loadChronos2Config } from "@chronos-deno/chronos-deno/chronos2";
 * import { readSafetensors } from "@chronos-deno/chronos-deno/chronos2";
 * import assert from "node:assert/strict";
 * const cfg = await loadChronos2Config("tests/fixtures/chronos2-tiny/config.json");
 * const w = await readSafetensors("tests/fixtures/chronos2-tiny/model.safetensors");
 * const dir = await Deno.makeTempDir();
 * const saved = await saveFinetunedModel(dir, cfg, w, { contextLength: 4096, predictionLength: 24 });
 * assert.equal(saved.chronos.contextLength, 4096);
 * ```
 */
export async function saveFinetunedModel(
  dir: string,
  config: Chronos2Config,
  weights: ReadonlyMap<string, TensorToWrite>,
  options: SaveModelOptions,
): Promise<Chronos2Config> {
  const c = config.chronos;
  const saved: Chronos2Config = {
    ...config,
    chronos: {
      ...c,
      contextLength: Math.max(c.contextLength, options.contextLength),
      maxOutputPatches: Math.max(
        c.maxOutputPatches,
        outputPatches(options.predictionLength, c.outputPatchSize),
      ),
    },
  };
  const json = configToJson(saved);
  (json.chronos_config as Record<string, unknown>).time_encoding_scale = c.timeEncodingScale;
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(`${dir}/config.json`, JSON.stringify(json, null, 2) + "\n");
  await writeSafetensors(`${dir}/model.safetensors`, weights, {
    format: "pt",
    ...(options.metadata ?? {}),
  });
  if (options.exportOnnx) {
    await Deno.writeFile(`${dir}/model.onnx`, options.exportOnnx(saved, weights));
  }
  return saved;
}
