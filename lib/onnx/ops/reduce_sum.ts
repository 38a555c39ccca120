/**
 * ReduceSum: sum over axes (ONNX `ReduceSum`, opset 18: axes as an input).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { NUMERIC } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";
import { applyReduce, keepdimsGrad, nodeAxes, reduceDef, type ReduceOptions } from "./_reduce.ts";
import { expandLike } from "./_grad.ts";

/** ONNX `ReduceSum`: shape/dtype rule and VJP (below). */
export const REDUCE_SUM: OpDef = reduceDef(
  "ReduceSum",
  "reduce_sum",
  NUMERIC,
  // VJP: GI(0) = Expand(GO(0) with the reduced axes kept, Shape(I(0))). Saves the shape of I(0).
  (b, { node, inputs, gradOutputs }) => {
    const x = inputs[0]!;
    const g = keepdimsGrad(b, node, gradOutputs[0]!, nodeAxes(b, x, inputs[1]));
    return [expandLike(b, g, x), undefined];
  },
);

/**
 * The sum of `x` over `axes` (all axes when omitted).
 *
 * @param b the graph builder
 * @param x the input
 * @param options axes, keepdims (default true) and node name
 * @returns the reduced tensor
 * @throws {ShapeError} when an axis is out of range
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { reduceSum } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["b", 4, 8]);
 * assert.deepEqual(reduceSum(b, x, { axes: [-1], keepdims: true }).shape, ["b", 4, 1]);
 * ```
 */
export function reduceSum(b: GraphBuilder, x: Value, options: ReduceOptions = {}): Value {
  return applyReduce(b, REDUCE_SUM, x, options);
}
