/**
 * The T5 RMS layer norm: `w · x / sqrt(mean(x²) + eps)` over the last axis,
 * no mean subtraction, no bias (computed as `x · rsqrt(…)`, as upstream).
 *
 * @module
 */

import type { GraphBuilder, Value } from "../../../lib/onnx/mod.ts";
import { add, mul, reciprocal, reduceMean, sqrt } from "../../../lib/onnx/mod.ts";

/**
 * Adds an RMS norm.
 *
 * @param b the builder
 * @param x input `[..., D]`
 * @param weight the `[D]` scale
 * @param eps epsilon inside the root
 * @returns the normalised tensor
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { rmsNorm } from "./rms_norm.ts";
 * const b = new GraphBuilder();
 * const y = rmsNorm(b, b.input("x", "float32", [2, 4]), b.constant([1, 1, 1, 1], [4]), 1e-6);
 * if (y.shape.join() !== "2,4") throw new Error();
 * ```
 */
export function rmsNorm(b: GraphBuilder, x: Value, weight: Value, eps: number): Value {
  return b.scope("rms_norm", () => {
    const variance = reduceMean(b, mul(b, x, x), { axes: [-1], keepdims: true });
    const inv = reciprocal(b, sqrt(b, add(b, variance, eps)));
    return mul(b, weight, mul(b, x, inv));
  });
}
