/**
 * The Chronos-2 ResidualBlock (patch embeddings and the quantile head):
 * `W_out·relu(W_hid·x + b_hid) + b_out + (W_res·x + b_res)`.
 *
 * @module
 */

import type { GraphBuilder, Value } from "../../../lib/onnx/mod.ts";
import { add, relu } from "../../../lib/onnx/mod.ts";
import type { GraphWeights } from "./weights.ts";

/**
 * Adds a residual block whose tensors are `<prefix>.{hidden,output,residual}_layer.{weight,bias}`.
 *
 * @param b the builder
 * @param w the weights
 * @param prefix state-dict prefix, e.g. `input_patch_embedding`
 * @param x input `[..., in]`
 * @returns `[..., out]`
 * @example Usage
 * ```ts ignore
 * const y = residualBlock(b, weights, "input_patch_embedding", features);
 * ```
 */
export function residualBlock(b: GraphBuilder, w: GraphWeights, prefix: string, x: Value): Value {
  return b.scope(prefix, () => {
    const hid = relu(
      b,
      w.linear(x, `${prefix}.hidden_layer.weight`, `${prefix}.hidden_layer.bias`),
    );
    const out = w.linear(hid, `${prefix}.output_layer.weight`, `${prefix}.output_layer.bias`);
    const res = w.linear(x, `${prefix}.residual_layer.weight`, `${prefix}.residual_layer.bias`);
    return add(b, out, res);
  });
}
