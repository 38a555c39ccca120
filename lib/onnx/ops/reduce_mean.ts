/**
 * ReduceMean: mean over axes (ONNX `ReduceMean`, opset 18: axes as an input).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { FLOATS } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";
import { applyReduce, keepdimsGrad, nodeAxes, reduceDef, type ReduceOptions } from "./_reduce.ts";
import { expandLike } from "./_grad.ts";
import { constantOfShape } from "./constant_of_shape.ts";
import { div } from "./div.ts";
import { reduceSum } from "./reduce_sum.ts";
import { shape } from "./shape.ts";

/** ONNX `ReduceMean`: shape/dtype rule and VJP (below). */
export const REDUCE_MEAN: OpDef = reduceDef(
  "ReduceMean",
  "reduce_mean",
  FLOATS,
  // VJP: GI(0) = Expand(GO(0) with the reduced axes kept, Shape(I(0))) / N, N the number of
  // reduced elements (a constant when those dims are static). Saves the shape of I(0).
  (b, { node, inputs, gradOutputs }) => {
    const x = inputs[0]!;
    const axes = nodeAxes(b, x, inputs[1]);
    const g = keepdimsGrad(b, node, gradOutputs[0]!, axes);
    const dims = axes.map((a) => x.shape[a]!);
    const count = dims.every((d) => typeof d === "number")
      ? (dims as number[]).reduce((p, d) => p * d, 1)
      : reduceSum(b, constantOfShape(b, shape(b, x), { value: 1, dtype: x.dtype }), {
        axes,
        keepdims: true,
      });
    return [expandLike(b, div(b, g, count), x), undefined];
  },
);

/**
 * The mean of `x` over `axes` (all axes when omitted).
 *
 * @param b the graph builder
 * @param x the input
 * @param options axes, keepdims (default true) and node name
 * @returns the reduced tensor
 * @throws {ShapeError} when an axis is out of range
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { reduceMean } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["b", 4, 8]);
 * assert.deepEqual(reduceMean(b, x, { axes: [-1], keepdims: true }).shape, ["b", 4, 1]);
 * ```
 */
export function reduceMean(b: GraphBuilder, x: Value, options: ReduceOptions = {}): Value {
  return applyReduce(b, REDUCE_MEAN, x, options);
}
