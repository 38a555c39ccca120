/**
 * The Chronos-2 forward pass for training graphs: the shared forward of
 * `graph.ts` ({@linkcode chronos2Forward}) with fixed shapes (`rows`, the
 * padded context length and the output patches are fixed when the graph is
 * built), weights from a lookup (so trainable ones can be graph inputs and
 * LoRA targets `W + s·B·A`) and a dropout hook at every official site (a fed
 * keep-mask in training, nothing in validation). Outputs the normalised
 * quantiles (before sinh and de-normalisation) and the per-row loc/scale the
 * loss needs.
 *
 * @module
 */

import type { GraphBuilder } from "../../../lib/onnx/builder.ts";
import type { Value } from "../../../lib/onnx/graph.ts";
import { add, concat, matMul, mul, slice, transpose } from "../../../lib/onnx/ops/mod.ts";
import type { Chronos2Config } from "../config.ts";
import { chronos2Forward, type ForwardOutputs } from "../graph.ts";
import type { DropoutHook } from "../layers/dropout.ts";
import { GraphWeights } from "../layers/weights.ts";

export type { DropoutHook } from "../layers/dropout.ts";

/** Returns the graph value of a weight by its official name. */
export type WeightLookup = (name: string) => Value;

/** A LoRA adapter's graph values: the update of W [out, in] is scale·B·A. */
export interface AdapterValues {
  /** A [rank, in]. */
  a: Value;
  /** B [out, rank]. */
  b: Value;
  /** alpha / rank. */
  scale: number;
}

/** Returns the adapter of a weight (asked after the weight itself), if it has one. */
export type AdapterLookup = (name: string) => AdapterValues | undefined;

/**
 * The training forward's weights. A LoRA target's linear layer adds
 * `(x·(scale·A)ᵀ)·Bᵀ` to `x·Wᵀ` (two rank-r products) instead of forming
 * `W + scale·B·A` and multiplying by it: its backward then needs no [out, in]
 * gradient at all (a full-size GEMM per target saved), only the rank-r ones.
 * Other layers keep `x·Wᵀ` as a MatMul of the transposed weight, which ONNX
 * Runtime fuses into one kernel with the transpose folded in; their weight
 * gradients come out of the fused `xᵀ·G` (measured faster here than a Gemm
 * writing `Gᵀ·x` in W's layout directly, whose inner dimension is the
 * 272 rows).
 */
class TrainingWeights extends GraphWeights {
  #b: GraphBuilder;
  #adapter: AdapterLookup;

  constructor(b: GraphBuilder, lookup: WeightLookup, adapter: AdapterLookup) {
    super(b, { get: lookup });
    this.#b = b;
    this.#adapter = adapter;
  }

  override linear(x: Value, weight: string, bias?: string): Value {
    const w = this.get(weight); // first: asking for a weight registers its adapter
    const ad = this.#adapter(weight);
    if (!ad) return super.linear(x, weight, bias);
    return this.#adapted(x, [{ w, ad, ...(bias ? { bias: this.get(bias) } : {}) }])[0]!;
  }

  /**
   * Several LoRA targets on the same input (attention's q, k, v): their
   * down-projections as one product `x·[s·A₁; s·A₂; …]ᵀ` (one GEMM of 3·rank
   * columns, and one for its input and weight gradients, instead of three
   * thin ones and the adds between them), then each `(x·Aᵢᵀ)·Bᵢᵀ + x·Wᵢᵀ`.
   */
  override linears(x: Value, names: readonly string[]): Value[] {
    // asked in order, weight then adapter, as `linear` does (the parameters' order)
    const parts = names.map((name) => ({ w: this.get(name), ad: this.#adapter(name) }));
    const rank = parts[0]!.ad?.a.shape[0];
    if (parts.some((p) => !p.ad || p.ad.a.shape[0] !== rank)) {
      return names.map((name) => this.linear(x, name));
    }
    return this.#adapted(x, parts as { w: Value; ad: AdapterValues }[]);
  }

  /**
   * `x·Wᵢᵀ (+ bᵢ) + (x·(sᵢ·Aᵢ)ᵀ)·Bᵢᵀ` for targets of one rank on the same
   * input: the frozen W itself (not the composite `transposed` gives a
   * target), the scale on A ([rank, in]) rather than on the [rows, out]
   * product (the same values, exactly so for a power-of-two alpha/rank), and
   * for several targets one down-projection product, sliced per target.
   */
  #adapted(x: Value, parts: readonly { w: Value; ad: AdapterValues; bias?: Value }[]): Value[] {
    const b = this.#b;
    const t = (v: Value) => transpose(b, v, { perm: [1, 0] });
    const downs = parts.map((p) => mul(b, p.ad.a, p.ad.scale));
    const xa = matMul(b, x, t(downs.length === 1 ? downs[0]! : concat(b, downs, { axis: 0 })));
    const r = parts[0]!.ad.a.shape[0] as number;
    return parts.map((p, i) => {
      const xai = parts.length === 1
        ? xa
        : slice(b, xa, { starts: [i * r], ends: [(i + 1) * r], axes: [-1] });
      const y = matMul(b, x, t(p.w));
      return add(b, p.bias ? add(b, y, p.bias) : y, matMul(b, xai, t(p.ad.b)));
    });
  }

  override transposed(name: string): Value {
    this.get(name);
    const ad = this.#adapter(name);
    if (!ad) return super.transposed(name);
    // used whole (not as a linear layer): (W + scale·B·A)ᵀ
    const b = this.#b;
    const full = add(b, this.get(name), mul(b, matMul(b, ad.b, ad.a), ad.scale));
    return transpose(b, full, { perm: [1, 0] });
  }
}

/** Sizes of a training forward graph. */
export interface ForwardShape {
  /** Rows of every batch (targets and covariates of all tasks). */
  rows: number;
  /** Context length of the input, a multiple of the patch size (left-pad with NaN). */
  length: number;
  /** Output patches n (forecast steps n·16). */
  numOutputPatches: number;
  /** Known-future-covariate length H (≤ n·16). */
  futureLength: number;
}

/** The forward's outputs: normalised quantiles [rows, Q, n·16], loc and scale [rows, 1]. */
export type ForwardValues = ForwardOutputs;

/**
 * Adds the Chronos-2 forward pass to `b` with fixed shapes.
 *
 * @param b the graph builder
 * @param cfg the model config
 * @param inputs context [rows, length], group ids [rows] (int64; none: every row its own group),
 *   known future covariates [rows, H]
 * @param shape fixed sizes
 * @param W weight lookup by official name
 * @param drop dropout hook (identity for no dropout)
 * @param adapter the LoRA adapter of a weight, if any (its linear layers then add scale·(x·Aᵀ)·Bᵀ)
 * @returns normalised quantiles and loc/scale
 * @throws {RangeError} when the length is not a multiple of the patch size or H exceeds n·16
 * @example Usage
 * ```ts ignore
 * const out = buildTrainingForward(b, cfg, { context, groupIds, futureCovariates },
 *   { rows: 8, length: 512, numOutputPatches: 1, futureLength: 16 }, W, (_, x) => x);
 * ```
 */
export function buildTrainingForward(
  b: GraphBuilder,
  cfg: Chronos2Config,
  inputs: { context: Value; groupIds?: Value | undefined; futureCovariates: Value },
  shape: ForwardShape,
  W: WeightLookup,
  drop: DropoutHook,
  adapter: AdapterLookup = () => undefined,
): ForwardValues {
  const P = cfg.chronos.inputPatchSize;
  const { rows: R, length: T, numOutputPatches: n, futureLength: Hf } = shape;
  if (T % P !== 0) throw new RangeError(`Context length ${T} must be a multiple of ${P}`);
  if (Hf > n * P) {
    throw new RangeError(`Future length ${Hf} must be at most ${n * P} (${n} output patches)`);
  }
  // unknown future steps up to the whole output patches: NaN (mask 0), as the pipeline pads
  const future = Hf < n * P
    ? concat(b, [
      inputs.futureCovariates,
      b.constant(new Float32Array(R * (n * P - Hf)).fill(NaN), [R, n * P - Hf]),
    ], { axis: 1 })
    : inputs.futureCovariates;
  const weights = new TrainingWeights(b, W, adapter);
  // asked first, as before the forward was shared: keeps the order of the trainable
  // parameters (and so the flat optimizer-state layout of existing checkpoints)
  weights.get("shared.weight");
  return chronos2Forward(
    b,
    cfg,
    { context: inputs.context, groupIds: inputs.groupIds, futureCovariates: future },
    weights,
    // the loss reads only the output patches: the last layer runs there only
    {
      fixedShapes: true,
      drop,
      lastLayerAtOutputsOnly: true,
      fusedProducts: true,
      rotateByProduct: true,
      // no group ids: every row its own group, group attention as o(dropout(1)·v)
      singletonGroupLinears: inputs.groupIds === undefined,
    },
  );
}
