/**
 * The training graph: Chronos-2 forward (with fed dropout masks in training)
 * + the official loss + backward, as one ONNX graph that onnxruntime-node runs
 * as an ordinary inference session. Inputs: the batch, the dropout keep-masks
 * and the trainable tensors (full: every weight; LoRA: the A/B matrices);
 * outputs: `loss` and `grad/<name>` per trainable tensor. Frozen weights stay
 * initializers. {@linkcode createGraphBackend} wraps two such graphs (training
 * and validation) as the {@linkcode TrainingBackend} that `fit` drives.
 *
 * @module
 */

import { gradient } from "../../../lib/autodiff/gradient.ts";
import { GraphBuilder } from "../../../lib/onnx/builder.ts";
import type { Graph, Value } from "../../../lib/onnx/graph.ts";
import { mul } from "../../../lib/onnx/ops/mod.ts";
import { serializeModel } from "../../../lib/onnx/serialize.ts";
import type { Rng } from "../../../lib/optim/rng.ts";
import { cpuKernelThreads } from "../../../lib/optim/adam_w.ts";
import { KeepMasks } from "../../../lib/optim/keep_mask.ts";
import {
  createSession,
  type ExecutionProvider,
  type Session,
  type Tensor,
} from "../../../lib/runtime/session.ts";
import { retainFreedHeapMemory } from "../../../lib/runtime/retain_heap.ts";
import type { Chronos2Config } from "../config.ts";
import type { ParamSpec, TrainingBackend } from "../../../lib/optim/fit.ts";
import type { LoraAdapter } from "./lora.ts";
import { buildQuantileLoss } from "./loss.ts";
import { type AdapterValues, buildTrainingForward } from "./forward.ts";
import type { TrainingBatch } from "./windows.ts";
import { batchFeeds } from "./batch_feeds.ts";
import type { WeightMap } from "../weights.ts";
import { outputPatches } from "../output_patches.ts";

/** Options of {@linkcode buildTrainingGraph}. */
export interface TrainingGraphOptions {
  /** Rows per batch. */
  rows: number;
  /** Context length fed (a multiple of the patch size; shorter contexts are NaN-left-padded). */
  length: number;
  /** Horizon H of the targets. */
  predictionLength: number;
  /** Full fine-tuning: every weight is trainable. Ignored when `adapters` is given. @default {true} */
  full?: boolean;
  /** LoRA adapters: their A/B are the trainable inputs; the rest is frozen. */
  adapters?: readonly LoraAdapter[];
  /** Dropout probability (0 = off, as in validation). @default {0} */
  dropout?: number;
  /** Add the backward pass. @default {true} */
  gradients?: boolean;
  /**
   * Make the frozen weights graph inputs (listed in `frozen`, fed unchanged
   * every run) instead of initializers, so that the session holds no copy of
   * them. @default {false}
   */
  frozenAsInputs?: boolean;
  /**
   * Every row of every batch is its own group (no covariates): the graph has
   * no `group_ids` input and computes group attention as `o(dropout(1)·v)`
   * (`singletonGroupAttention`): the same loss and gradients as attending
   * over one-row groups (q and k get zero gradients either way), with two
   * of the attention's four projections, forward and backward. @default {false}
   */
  singletonGroups?: boolean;
}

/** A built training graph and how to feed it. */
export interface TrainingGraph {
  /** The graph. */
  graph: Graph;
  /** Trainable inputs, in gradient order (names = graph input names). */
  params: ParamSpec[];
  /** Dropout mask inputs (float32: 0 where dropped, 1/(1 − p) where kept), in feed order. */
  masks: { name: string; shape: number[] }[];
  /** Frozen weights that are graph inputs (with `frozenAsInputs`), by official name. */
  frozen: ParamSpec[];
  /** Output patches n. */
  numOutputPatches: number;
}

/**
 * Builds the training graph for fixed batch sizes.
 *
 * @param config the model config
 * @param weights all model weights (official names)
 * @param options sizes, trainable set, dropout, gradients
 * @returns the graph and its feed layout
 * @throws {RangeError} when sizes are invalid
 * @example Usage
 * ```ts ignore
 * const tg = buildTrainingGraph(cfg, weights, { rows: 8, length: 512, predictionLength: 1, dropout: 0.1 });
 * ```
 */
export function buildTrainingGraph(
  config: Chronos2Config,
  weights: WeightMap,
  options: TrainingGraphOptions,
): TrainingGraph {
  const P = config.chronos.outputPatchSize;
  const { rows: R, length: T, predictionLength: H } = options;
  const n = outputPatches(H, P);
  const p = options.dropout ?? 0;
  const b = new GraphBuilder("chronos2_training");
  const context = b.input("context", "float32", [R, T]);
  const groupIds = options.singletonGroups ? undefined : b.input("group_ids", "int64", [R]);
  const futureCovariates = b.input("future_covariates", "float32", [R, H]);
  const futureTarget = b.input("future_target", "float32", [R, H]);

  const params: ParamSpec[] = [];
  const frozen: ParamSpec[] = [];
  const frozenValue = (name: string, w: { data: Float32Array; shape: number[] }): Value => {
    if (!options.frozenAsInputs) return b.initializer(name, w.data, w.shape);
    frozen.push({ name, shape: [...w.shape] });
    return b.input(name, "float32", w.shape);
  };
  const cache = new Map<string, Value>();
  const adapters = new Map((options.adapters ?? []).map((a) => [a.target, a]));
  const full = options.adapters === undefined && (options.full ?? true);
  const adapterValues = new Map<string, AdapterValues>();
  const W = (name: string): Value => {
    const hit = cache.get(name);
    if (hit) return hit;
    const w = weights.get(name);
    if (!w) throw new RangeError(`The model has no weight "${name}"`);
    let v: Value;
    const ad = adapters.get(name);
    if (full) {
      v = b.input(name, "float32", w.shape);
      params.push({ name, shape: [...w.shape] });
    } else if (ad) {
      const a = b.input(ad.nameA, "float32", [ad.rank, ad.in]);
      const bb = b.input(ad.nameB, "float32", [ad.out, ad.rank]);
      params.push({ name: ad.nameA, shape: [ad.rank, ad.in] }, {
        name: ad.nameB,
        shape: [ad.out, ad.rank],
      });
      // the forward adds scale·(x·Aᵀ)·Bᵀ to x·Wᵀ (see TrainingWeights in forward.ts)
      adapterValues.set(name, { a, b: bb, scale: ad.scale });
      v = frozenValue(name, w);
    } else {
      v = frozenValue(name, w);
    }
    cache.set(name, v);
    return v;
  };
  const masks: { name: string; shape: number[] }[] = [];
  // inverted dropout as one product with a fed float mask already holding 0 or 1/(1 − p):
  // no cast or scaling node in the forward, one Mul in the backward
  const drop = (_site: string, x: Value): Value => {
    if (p === 0) return x;
    const shape = x.shape as number[];
    const name = `dropout/${masks.length}`;
    masks.push({ name, shape: [...shape] });
    return mul(b, x, b.input(name, "float32", shape));
  };
  const fwd = buildTrainingForward(
    b,
    config,
    { context, groupIds, futureCovariates },
    { rows: R, length: T, numOutputPatches: n, futureLength: H },
    W,
    drop,
    (name) => adapterValues.get(name),
  );
  const loss = buildQuantileLoss(b, {
    quantilesNormalized: fwd.quantilesNormalized,
    futureTarget,
    futureCovariates,
    loc: fwd.loc,
    scale: fwd.scale,
    quantileLevels: config.chronos.quantiles,
    predictionLength: H,
    paddedLength: n * P,
  });
  b.output(loss, "loss");
  let graph = b.build();
  if (options.gradients ?? true) {
    graph = gradient(graph, "loss", params.map((q) => q.name));
  }
  return { graph, params, masks, frozen, numOutputPatches: n };
}

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
      const feeds = {
        ...batchFeeds(batch, options.rows, options.length, common.singletonGroups),
        ...trainFrozen,
        ...paramFeeds(params),
      };
      // one key per site from the step's generator; the masks themselves from the
      // counter-based SIMD generator, in place (18M values a full-size step: ~5 ms, not 60-80)
      const filled = masks.fill(train.masks.map(() => rng.nextUint32()), p, keep);
      train.masks.forEach((m, i) => {
        feeds[m.name] = { dtype: "float32", dims: m.shape, data: filled[i]! };
      });
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
