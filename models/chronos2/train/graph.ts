/**
 * The training graph: Chronos-2 forward (with fed dropout masks in training)
 * + the official loss + backward, as one ONNX graph that onnxruntime-node runs
 * as an ordinary inference session. Inputs: the batch, the dropout keep-masks
 * and the trainable tensors (full: every weight; LoRA: the A/B matrices);
 * outputs: `loss` and `grad/<name>` per trainable tensor. Frozen weights stay
 * initializers, or are fed as inputs (`frozenAsInputs`). `createGraphBackend`
 * (backend.ts) wraps two such graphs (training and validation) as the
 * `TrainingBackend` that `fit` drives.
 *
 * @module
 */

import { gradient } from "../../../lib/autodiff/gradient.ts";
import { GraphBuilder } from "../../../lib/onnx/builder.ts";
import type { Graph, Value } from "../../../lib/onnx/graph.ts";
import { mul } from "../../../lib/onnx/ops/mod.ts";
import type { Chronos2Config } from "../config.ts";
import type { ParamSpec } from "../../../lib/optim/fit.ts";
import type { LoraAdapter } from "./lora.ts";
import { buildQuantileLoss } from "./loss.ts";
import { type AdapterValues, buildTrainingForward } from "./forward.ts";
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
