/**
 * RandomUniformLike: uniform random numbers shaped like a tensor (ONNX
 * `RandomUniformLike`). Not differentiable.
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { floatAttr, getInt } from "./_attrs.ts";
import { req } from "./_dims.ts";
import { nameOpt, type NameOption } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";
import { dtypeOfOnnxCode, onnxTypeCode } from "../graph.ts";

/** ONNX `RandomUniformLike`: shape/dtype rule; not differentiable. */
export const RANDOM_UNIFORM_LIKE: OpDef = {
  type: "RandomUniformLike",
  defaultName: "random_uniform_like",
  infer(_ctx, inputs, attrs) {
    const x = req(inputs, 0, "input");
    const code = getInt(attrs, "dtype", onnxTypeCode(x.dtype));
    return [{ dtype: dtypeOfOnnxCode(code) ?? x.dtype, shape: [...x.shape] }];
  },
  vjp: () => [undefined],
};

/** Options of {@linkcode randomUniformLike}. */
export interface RandomUniformLikeOptions extends NameOption {
  /** Lower bound. @default 0 */
  low?: number;
  /** Upper bound. @default 1 */
  high?: number;
  /** Generator seed; without it ORT seeds from the clock. */
  seed?: number;
}

/**
 * Uniform random values in [low, high) with the shape and dtype of `x`.
 *
 * @param b the graph builder
 * @param x the template tensor
 * @param options bounds, seed and node name
 * @returns the random tensor
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { randomUniformLike } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * assert.deepEqual(randomUniformLike(b, b.input("x", "float32", ["b", 3])).shape, ["b", 3]);
 * ```
 */
export function randomUniformLike(
  b: GraphBuilder,
  x: Value,
  options: RandomUniformLikeOptions = {},
): Value {
  const attrs = {
    low: floatAttr(options.low ?? 0),
    high: floatAttr(options.high ?? 1),
    ...(options.seed === undefined ? {} : { seed: floatAttr(options.seed) }),
  };
  return b.addNode(RANDOM_UNIFORM_LIKE, [x], attrs, nameOpt(options))[0]!;
}
