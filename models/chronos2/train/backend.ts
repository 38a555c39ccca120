/**
 * The ONNX training backend: two sessions over training graphs (graph.ts), one
 * with dropout masks and gradients, one for the validation loss, fed each step
 * from a batch, the parameters and the masks, and writing the gradients into
 * the caller's buffers: the {@linkcode TrainingBackend} that `fit` drives.
 *
 * @module
 */

import { serializeModel } from "../../../lib/onnx/serialize.ts";
import type { Rng } from "../../../lib/optim/rng.ts";
import { cpuKernelThreads } from "../../../lib/optim/adam_w.ts";
import { KeepMasks } from "../../../lib/optim/keep_mask.ts";
import type { ParamSpec, TrainingBackend } from "../../../lib/optim/fit.ts";
import {
  createSession,
  type ExecutionProvider,
  type Session,
  type Tensor,
} from "../../../lib/runtime/session.ts";
import { retainFreedHeapMemory } from "../../../lib/runtime/retain_heap.ts";
import type { Chronos2Config } from "../config.ts";
import type { WeightMap } from "../weights.ts";
import { batchFeeds } from "./batch_feeds.ts";
import { buildTrainingGraph, type TrainingGraph } from "./graph.ts";
import type { LoraAdapter } from "./lora.ts";
import type { TrainingBatch } from "./windows.ts";

/** Options of {@linkcode createGraphBackend}. */
export interface GraphBackendOptions {
  /** Rows per training micro-batch. */
  rows: number;
  /** Rows per validation batch. @default {rows} */
  validationRows?: number;
  /** Context length fed (multiple of 16). */
  length: number;
  /** Horizon H. */
  predictionLength: number;
  /** LoRA adapters (LoRA mode), else full fine-tuning. */
  adapters?: readonly LoraAdapter[];
  /** Dropout in training. @default {config.dropoutRate} */
  dropout?: number;
  /** ONNX Runtime provider. @default {"cpu"} */
  executionProvider?: ExecutionProvider;
  /**
   * Every row of every batch is its own group (no covariates): both graphs
   * skip the attention over groups of one (see `TrainingGraphOptions`); a
   * batch with a larger group is refused. @default {false}
   */
  singletonGroups?: boolean;
  /** Intra-op threads (0 = ORT decides). @default {0} */
  intraOpThreads?: number;
  /**
   * ORT graph optimisation of the training session ("all" fuses the
   * transposes of the weight gradients into the MatMuls and folds constants).
   * @default {"all"}
   */
  graphOptimization?: "all" | "basic" | "disabled";
  /** ORT graph optimisation of the validation (forward-only) session. @default {"all"} */
  evalGraphOptimization?: "all" | "basic" | "disabled";
  /**
   * ORT's memory pattern in both sessions (see `SessionOptions`). Off, the
   * training session's peak is lower at the same speed (measured on
   * full-size Chronos-2: -0.4 GiB full, -0.6 GiB LoRA). @default {false}
   */
  enableMemPattern?: boolean;
  /**
   * ORT's CPU memory arena in both sessions (see `SessionOptions`). Off in
   * full fine-tuning (-0.35 GiB at the same speed); on with LoRA, where
   * turning it off saves little and slows the step by about 10%.
   * @default {adapters !== undefined}
   */
  enableCpuMemArena?: boolean;
  /**
   * Feed the frozen weights (LoRA mode) from `weights` on every run instead of
   * storing them in both sessions: one copy in memory instead of three, at
   * the same speed. @default {true}
   */
  frozenAsInputs?: boolean;
  /**
   * Ask glibc to keep freed memory for reuse (`retainFreedHeapMemory`, a
   * process-wide setting, `ffi` permission only): full size, 215,000 page
   * faults and 0.44 s of kernel time less per step. @default {true}
   */
  retainFreedMemory?: boolean;
  /**
   * Profile the training session's runs with ORT's profiler (see
   * `SessionOptions.profileFilePrefix`); the trace is written by
   * {@linkcode GraphBackend.endProfiling}. Unset: no profiling.
   */
  profileFilePrefix?: string;
  /**
   * Run both sessions on ORT's C API (see `SessionOptions.zeroCopy`): the
   * gradients are written into the caller's buffers and not copied back
   * (full size: 0.48 GB and 0.4–0.9 s per step less). @default {true}
   */
  zeroCopy?: boolean;
  /** Warnings. */
  onWarning?: (msg: string) => void;
}

/** A {@linkcode TrainingBackend} that can be released. */
export interface GraphBackend extends TrainingBackend<TrainingBatch> {
  /** The provider the training session runs on. */
  readonly executionProvider: string;
  /** Frees both sessions. */
  release(): Promise<void>;
  /** Ends the training session's profiling and writes its trace (with `profileFilePrefix`). */
  endProfiling(): void;
}

/**
 * Creates the ONNX training backend: a training session (dropout masks +
 * gradients) and a validation session (no dropout, loss only).
 *
 * @param config the model config
 * @param weights all model weights
 * @param options sizes, mode, dropout and provider
 * @returns the backend
 * @example Usage
 * ```ts ignore
 * const backend = await createGraphBackend(cfg, weights, { rows: 8, length: 512, predictionLength: 1 });
 * ```
 */
export async function createGraphBackend(
  config: Chronos2Config,
  weights: WeightMap,
  options: GraphBackendOptions,
): Promise<GraphBackend> {
  const common = {
    frozenAsInputs: options.frozenAsInputs ?? true,
    singletonGroups: options.singletonGroups ?? false,
    length: options.length,
    predictionLength: options.predictionLength,
    ...(options.adapters ? { adapters: options.adapters } : {}),
  };
  if (options.retainFreedMemory ?? true) retainFreedHeapMemory();
  const p = options.dropout ?? config.dropoutRate;
  const train = buildTrainingGraph(config, weights, { ...common, rows: options.rows, dropout: p });
  const vRows = options.validationRows ?? options.rows;
  const evalGraph = buildTrainingGraph(config, weights, {
    ...common,
    rows: vRows,
    dropout: 0,
    gradients: false,
  });
  const sessionOpts = {
    executionProvider: options.executionProvider ?? "cpu",
    intraOpThreads: options.intraOpThreads ?? 0,
    graphOptimization: options.graphOptimization ?? "all",
    enableMemPattern: options.enableMemPattern ?? false,
    enableCpuMemArena: options.enableCpuMemArena ?? options.adapters !== undefined,
    // gradients written in place, not copied back (0.48 GB per full-size step)
    zeroCopy: options.zeroCopy ?? true,
    // the cores are free for the masks and the optimizer between runs
    stopSpinningAfterRun: true,
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  };
  const trainSession: Session = await createSession(serializeModel(train.graph), {
    ...sessionOpts,
    ...(options.profileFilePrefix ? { profileFilePrefix: options.profileFilePrefix } : {}),
  });
  const evalSession: Session = await createSession(serializeModel(evalGraph.graph), {
    ...sessionOpts,
    graphOptimization: options.evalGraphOptimization ?? "all",
  });
  // reused every step: each mask is overwritten whole, and ORT does not keep its inputs. Where
  // the session reads shared memory (C API), the masks are filled on every core (up to 4)
  const masks = KeepMasks.create(train.masks.map((m) => m.shape.reduce((a, d) => a * d, 1)), {
    threads: trainSession.zeroCopy ? cpuKernelThreads() : 1,
  });
  // the masks are the same views every step: their feeds are built once
  const maskFeeds: Record<string, Tensor> = Object.fromEntries(
    train.masks.map((m, i) => [m.name, { dtype: "float32", dims: m.shape, data: masks.masks[i]! }]),
  );
  const keep = Math.fround(1 / (1 - p));
  const weightFeeds = (specs: readonly ParamSpec[], data: (i: number) => Float32Array) =>
    Object.fromEntries(
      specs.map((q, i) => [q.name, { dtype: "float32", dims: q.shape, data: data(i) }]),
    ) as Record<string, Tensor>;
  const paramFeeds = (params: readonly Float32Array[]) =>
    weightFeeds(train.params, (i) => params[i]!);
  const frozenFeeds = (g: TrainingGraph) =>
    weightFeeds(g.frozen, (i) => weights.get(g.frozen[i]!.name)!.data);
  const trainFrozen = frozenFeeds(train);
  const largeGradients =
    train.params.reduce((a, q) => a + q.shape.reduce((x, y) => x * y, 1), 0) * 4 >= 2 ** 26;
  const evalFrozen = frozenFeeds(evalGraph);
  return {
    params: train.params,
    executionProvider: trainSession.executionProvider,
    // the C API reads and writes shared memory in place; the Node binding rejects it
    sharedMemory: trainSession.zeroCopy && evalSession.zeroCopy,
    async trainStep(
      batch: TrainingBatch,
      params: readonly Float32Array[],
      rng: Rng,
      gradsInto?: readonly Float32Array[],
    ) {
      // one key per site from the step's generator; the masks themselves from the
      // counter-based SIMD generator, in place (18M values a full-size step: ~5 ms, not 60-80)
      masks.fill(train.masks.map(() => rng.nextUint32()), p, keep);
      const feeds = {
        ...batchFeeds(batch, options.rows, options.length, common.singletonGroups),
        ...trainFrozen,
        ...paramFeeds(params),
        ...maskFeeds,
      };
      // gradients straight into the caller's buffers: no ORT-allocated copy to read out
      const outputs: Record<string, Tensor> = {};
      if (gradsInto) {
        if (gradsInto.length !== train.params.length) {
          throw new RangeError(
            `Expected ${train.params.length} gradient buffers, got ${gradsInto.length}`,
          );
        }
        train.params.forEach((q, i) => {
          outputs[`grad/${q.name}`] = { dtype: "float32", dims: q.shape, data: gradsInto[i]! };
        });
      }
      const out = await trainSession.run(feeds, { outputs });
      const grads = train.params.map((q) => out[`grad/${q.name}`]!.data as Float32Array);
      // the Node binding (no zero-copy) hands every output back as a fresh copy, the
      // gradients too: a whole gradient set of garbage per run that V8 may keep past the
      // next run. Where the runtime exposes gc (--v8-flags=--expose-gc) and that garbage is
      // large (full fine-tuning), it is collected now: -0.9 GiB peak at full size for ~25 ms.
      if (largeGradients && !trainSession.zeroCopy) {
        (globalThis as { gc?: () => void }).gc?.();
      }
      const lossScale = options.rows / batch.rows;
      if (lossScale !== 1) {
        for (const g of grads) for (let i = 0; i < g.length; i++) g[i]! *= lossScale;
      }
      return { loss: Number(out.loss!.data[0]) * lossScale, grads };
    },
    async evalLoss(batch: TrainingBatch, params: readonly Float32Array[]) {
      const feeds = {
        ...batchFeeds(batch, vRows, options.length, common.singletonGroups),
        ...evalFrozen,
        ...paramFeeds(params),
      };
      const out = await evalSession.run(feeds);
      return Number(out.loss!.data[0]) * vRows / batch.rows;
    },
    endProfiling() {
      trainSession.endProfiling();
    },
    async release() {
      masks.close();
      await trainSession.release();
      await evalSession.release();
    },
  };
}
