/**
 * Multi-head attention as Chronos-2 uses it for both time attention (over the
 * tokens of a row, with RoPE) and group attention (over the rows of a group at
 * each token position, without RoPE): no biases, scores `q·kᵀ` WITHOUT the
 * `1/sqrt(dk)` factor, an additive finite mask, softmax over keys, dropout
 * on the probabilities (in training, through the hook; site
 * `<prefix>.probs`).
 *
 * @module
 */

import type { GraphBuilder, Value } from "../../../lib/onnx/mod.ts";
import { add, fusedMatMul, matMul, reshape, softmax, transpose } from "../../../lib/onnx/mod.ts";
import type { DropoutHook } from "./dropout.ts";
import { applyRope, type RopeTables } from "./rope.ts";
import type { GraphWeights } from "./weights.ts";

/** Sizes of the attention. */
export interface AttentionDims {
  /** Heads. */
  heads: number;
  /** Per-head width. */
  dk: number;
}

/** Options of {@linkcode attention}. */
export interface AttentionOptions {
  /** cos/sin tables `[L, dk]` for RoPE (time attention), and how it rotates; none for group attention. */
  rope?: RopeTables | undefined;
  /** Dropout on the attention probabilities (site `<prefix>.probs`). @default none */
  drop?: DropoutHook | undefined;
  /**
   * Only these rows of `n` ask (`[G, Lq, D]`, with their own RoPE tables
   * `[Lq, dk]`); the keys and values still come from all of `n`. The output
   * is then `[G, Lq, D]`. @default all rows of `n`
   */
  queries?: { n: Value; rope?: RopeTables | undefined } | undefined;
  /**
   * `n` is `[L, G, D]` (the attended axis first) instead of `[G, L, D]`, and
   * so is the output: group attention over the rows of a `[rows, tokens, D]`
   * stream, with no transpose of the stream itself (the heads' transposes
   * take it). @default false
   */
  attendedAxisFirst?: boolean;
  /**
   * Both products as ONNX Runtime's contrib `FusedMatMul`: the scores as
   * `FusedMatMul(q, k, transB)` instead of `MatMul(q, Transpose(k))` (ORT
   * merges that transpose with the heads' one into a slow 4-D permute of the
   * keys: in training graphs, measured, a LoRA step's transposes 28 -> 15
   * ms), and `probs·v` too, so that their gradients come out of products
   * with the transposes as attributes (`G·vᵀ`, `probsᵀ·G`), not of
   * Transpose nodes that ORT leaves standing (measured: 14.2 -> 8.0 ms of
   * transposes in a LoRA step). ORT-only. @default false
   */
  fusedProducts?: boolean;
}

/**
 * Adds `o(softmax(q·kᵀ + mask)·v)` over axis 1 of `n` `[G, L, D]`.
 *
 * @param b the builder
 * @param w the weights
 * @param prefix e.g. `encoder.block.0.layer.0.self_attention`
 * @param n normalised input `[G, L, D]`
 * @param mask additive mask broadcastable to `[G, heads, L, L]`
 * @param dims heads and head width
 * @param options RoPE tables and the dropout hook
 * @returns `[G, L, D]` (before the residual add)
 * @example Usage
 * ```ts ignore
 * const out = attention(b, w, `${pre}.self_attention`, normed, timeMask, { heads: 12, dk: 64 }, {
 *   rope: tables,
 * });
 * ```
 */
export function attention(
  b: GraphBuilder,
  w: GraphWeights,
  prefix: string,
  n: Value,
  mask: Value,
  dims: AttentionDims,
  options: AttentionOptions = {},
): Value {
  const { rope, drop, queries } = options;
  const { heads, dk } = dims;
  const first = options.attendedAxisFirst ?? false;
  // to [G, heads, L, dk] from [G, L, D] (or [L, G, D]), and back
  const split = (x: Value) =>
    transpose(b, reshape(b, x, [0, 0, heads, dk]), { perm: first ? [1, 2, 0, 3] : [0, 2, 1, 3] });
  const names = [`${prefix}.q.weight`, `${prefix}.k.weight`, `${prefix}.v.weight`];
  const [qp, kp, vp] = queries
    ? [w.linear(queries.n, names[0]!), ...w.linears(n, names.slice(1))]
    : w.linears(n, names);
  let q = split(qp!);
  let k = split(kp!);
  const v = split(vp!);
  if (rope) {
    const qRope = queries ? queries.rope ?? rope : rope;
    q = b.scope("rope_q", () => applyRope(b, q, qRope, dk));
    k = b.scope("rope_k", () => applyRope(b, k, rope, dk));
  }
  const fused = options.fusedProducts ?? false;
  const qk = fused
    ? fusedMatMul(b, q, k, { transB: true })
    : matMul(b, q, transpose(b, k, { perm: [0, 1, 3, 2] }));
  const scores = add(b, qk, mask);
  const p = softmax(b, scores, { axis: -1 });
  const probs = drop ? drop(`${prefix}.probs`, p) : p;
  const pv = fused ? fusedMatMul(b, probs, v) : matMul(b, probs, v);
  const ctx = transpose(b, pv, { perm: first ? [2, 0, 1, 3] : [0, 2, 1, 3] });
  return w.linear(reshape(b, ctx, [0, 0, heads * dk]), `${prefix}.o.weight`);
}
