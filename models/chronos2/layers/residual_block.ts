/**
 * The Chronos-2 ResidualBlock (patch embeddings and the quantile head):
 * `dropout(W_out·relu(W_hid·x + b_hid) + b_out) + (W_res·x + b_res)`, the
 * dropout only in training (through the hook).
 *
 * @module
 */

import type { GraphBuilder, Value } from "../../../lib/onnx/mod.ts";
import { add, relu } from "../../../lib/onnx/mod.ts";
import type { DropoutHook } from "./dropout.ts";
import type { GraphWeights } from "./weights.ts";

/** Options of {@linkcode residualBlock}. */
export interface ResidualBlockOptions {
  /** Dropout on the output layer's result, before the residual add. @default none */
  drop?: DropoutHook | undefined;
  /** The dropout site name. @default the prefix */
  site?: string;
}

/**
 * Adds a residual block whose tensors are `<prefix>.{hidden,output,residual}_layer.{weight,bias}`.
 *
 * @param b the builder
 * @param w the weights
 * @param prefix state-dict prefix, e.g. `input_patch_embedding`
 * @param x input `[..., in]`
 * @param options the dropout hook and the site name
 * @returns `[..., out]`
 * @example Usage
 * ```ts ignore
 * const y = residualBlock(b, weights, "input_patch_embedding", features);
 * ```
 */
export function residualBlock(
  b: GraphBuilder,
  w: GraphWeights,
  prefix: string,
  x: Value,
  options: ResidualBlockOptions = {},
): Value {
  return b.scope(prefix, () => {
    const hid = relu(
      b,
      w.linear(x, `${prefix}.hidden_layer.weight`, `${prefix}.hidden_layer.bias`),
    );
    let out = w.linear(hid, `${prefix}.output_layer.weight`, `${prefix}.output_layer.bias`);
    if (options.drop) out = options.drop(options.site ?? prefix, out);
    const res = w.linear(x, `${prefix}.residual_layer.weight`, `${prefix}.residual_layer.bias`);
    return add(b, out, res);
  });
}
