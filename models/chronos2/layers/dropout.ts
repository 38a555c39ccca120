/**
 * The dropout hook of the layers. The official model applies dropout (in
 * training only) to the embedding outputs, the attention probabilities, the
 * residual branches, the feed-forward hidden layer, the final hidden state and
 * the ResidualBlock outputs; each such site calls the hook with its name and
 * activation. Inference passes no hook, so the graph has no dropout nodes.
 *
 * @module
 */

import type { Value } from "../../../lib/onnx/mod.ts";

/**
 * Applies dropout at one site: `site` names it (e.g.
 * `encoder.block.0.layer.0.self_attention.probs`), `x` is the activation; it
 * returns the value to use instead (`x` itself for no dropout).
 */
export type DropoutHook = (site: string, x: Value) => Value;

/**
 * The hook of inference: no dropout anywhere.
 *
 * @param _site the site (unused)
 * @param x the activation
 * @returns `x`
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { noDropout } from "@chronos-deno/chronos-deno/chronos2";
 * const x = new GraphBuilder().input("x", "float32", [2]);
 * if (noDropout("any", x) !== x) throw new Error();
 * ```
 */
export function noDropout(_site: string, x: Value): Value {
  return x;
}
