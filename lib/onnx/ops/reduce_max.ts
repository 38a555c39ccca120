/**
 * ReduceMax: maximum over axes (ONNX `ReduceMax`, opset 18: axes as an input).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { NUMERIC } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";
import { applyReduce, keepdimsGrad, nodeAxes, reduceDef, type ReduceOptions } from "./_reduce.ts";
import { expandLike } from "./_grad.ts";
import { equal } from "./equal.ts";
import { where } from "./where.ts";

/** ONNX `ReduceMax`: shape/dtype rule and VJP (below). */
export const REDUCE_MAX: OpDef = reduceDef(
  "ReduceMax",
  "reduce_max",
  NUMERIC,
  // VJP: GI(0) = Where(I(0) == O(0) (keepdims), GO(0) (keepdims), 0): every maximal element
  // receives the gradient (ties included). Saves I(0), O(0).
  (b, { node, inputs, outputs, gradOutputs }) => {
    const x = inputs[0]!;
    const axes = nodeAxes(b, x, inputs[1]);
    const g = keepdimsGrad(b, node, gradOutputs[0]!, axes);
    const y = keepdimsGrad(b, node, outputs[0]!, axes);
    return [where(b, equal(b, x, y), expandLike(b, g, x), 0), undefined];
  },
);

/**
 * The maximum of `x` over `axes` (all axes when omitted).
 *
 * @param b the graph builder
 * @param x the input
 * @param options axes, keepdims (default true) and node name
 * @returns the reduced tensor
 * @throws {ShapeError} when an axis is out of range
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { reduceMax } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["b", 4, 8]);
 * assert.deepEqual(reduceMax(b, x, { axes: [-1], keepdims: true }).shape, ["b", 4, 1]);
 * ```
 */
export function reduceMax(b: GraphBuilder, x: Value, options: ReduceOptions = {}): Value {
  return applyReduce(b, REDUCE_MAX, x, options);
}
