/**
 * Group attention when every row is its own group (no covariates): each
 * query has one key, itself, so the softmax is exactly 1 and the attention
 * is `o(v(n))`, whatever q and k are. Inference multiplies by one matrix,
 * the product of the two weights (constants: ONNX Runtime folds it at load
 * time). Training keeps the two linear layers (their weights are inputs),
 * and the attention probabilities' dropout (site `<prefix>.probs`, drawn
 * over the same `[tokens, heads, rows, rows]` shape as with groups) scales
 * each value by the diagonal of its mask. The values, and the gradients (q
 * and k get exactly zero, as with groups: the softmax's gradient vanishes at
 * a probability of 1), are those of the grouped attention on such a batch;
 * the work is two of its four projections.
 *
 * @module
 */

import type { GraphBuilder, Value } from "../../../lib/onnx/mod.ts";
import { matMul, mul, reshape, slice, transpose, unsqueeze } from "../../../lib/onnx/mod.ts";
import type { DropoutHook } from "./dropout.ts";
import type { GraphWeights } from "./weights.ts";

/** Options of {@linkcode singletonGroupAttention}. */
export interface SingletonAttentionOptions {
  /** The dropout hook (training), if any; needs `asLinears`. */
  drop?: DropoutHook | undefined;
  /**
   * The two linear layers (training graphs, whose weights are inputs; fixed
   * sizes) instead of one product by `(Wo·Wv)ᵀ`. @default false
   */
  asLinears?: boolean;
}

/**
 * Adds `o(dropout(1)·v(n))` over rows that are each their own group.
 *
 * @param b the builder
 * @param w the weights (with `asLinears`, q and k are asked for, so that
 *   their parameters keep their place, but not used)
 * @param prefix e.g. `encoder.block.0.layer.1.self_attention`
 * @param n normalised input `[rows, tokens, D]`
 * @param dims heads and head width
 * @param options the dropout hook and the form
 * @returns `[rows, tokens, D]` (before the residual add)
 * @throws {TypeError} with dropout but not as linears, or as linears with sizes not fixed
 * @example Usage
 * ```ts ignore
 * const a = singletonGroupAttention(b, w, `${pre}.1.self_attention`, n, { heads: 12, dk: 64 }, {
 *   drop,
 *   asLinears: true,
 * });
 * ```
 */
export function singletonGroupAttention(
  b: GraphBuilder,
  w: GraphWeights,
  prefix: string,
  n: Value,
  dims: { heads: number; dk: number },
  options: SingletonAttentionOptions = {},
): Value {
  const { drop, asLinears } = options;
  if (!asLinears) {
    if (drop) throw new TypeError("Dropout in singleton group attention needs asLinears");
    // (Wo·Wv)ᵀ = Wvᵀ·Woᵀ from two constants: ONNX Runtime folds it once at load time
    const fused = matMul(b, w.transposed(`${prefix}.v.weight`), w.transposed(`${prefix}.o.weight`));
    return matMul(b, n, fused);
  }
  const [R, T] = n.shape;
  if (typeof R !== "number" || typeof T !== "number") {
    throw new TypeError("Singleton group attention needs fixed rows and tokens");
  }
  const { heads: H, dk } = dims;
  w.get(`${prefix}.q.weight`);
  w.get(`${prefix}.k.weight`);
  let v = w.linear(n, `${prefix}.v.weight`);
  if (drop) {
    const ones = b.constant(new Float32Array(T * H * R * R).fill(1), [T, H, R, R]);
    const m = drop(`${prefix}.probs`, ones);
    if (m !== ones) {
      // the mask of query r on key r: every (R + 1)-th of each head's R·R entries
      const diag = slice(b, reshape(b, m, [T, H, R * R]), {
        starts: [0],
        ends: [R * R],
        axes: [2],
        steps: [R + 1],
      }); // [T, H, R]
      const scale = unsqueeze(b, transpose(b, diag, { perm: [2, 0, 1] }), { axes: [3] });
      v = reshape(b, mul(b, reshape(b, v, [R, T, H, dk]), scale), [R, T, H * dk]);
    }
  }
  return w.linear(v, `${prefix}.o.weight`);
}
