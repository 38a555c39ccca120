/**
 * Softmax along one axis (ONNX `Softmax`, opset 13 semantics).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { getInt, intAttr } from "./_attrs.ts";
import { dtypeIn, normAxis, req } from "./_dims.ts";
import { FLOATS, nameOpt, type NameOption } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";
import { mul } from "./mul.ts";
import { reduceSum } from "./reduce_sum.ts";
import { sub } from "./sub.ts";

/** ONNX `Softmax`: shape/dtype rule and VJP (below). */
export const SOFTMAX: OpDef = {
  type: "Softmax",
  defaultName: "softmax",
  infer(_ctx, inputs, attrs) {
    const x = req(inputs, 0, "input");
    dtypeIn(x, FLOATS, "input");
    normAxis(getInt(attrs, "axis", -1), x.shape.length);
    return [{ dtype: x.dtype, shape: [...x.shape] }];
  },
  // VJP: GI(0) = O(0)·(GO(0) − ReduceSum(GO(0)·O(0), axis, keepdims)). Saves O(0).
  vjp(b, { node, outputs, gradOutputs }) {
    const y = outputs[0]!;
    const go = gradOutputs[0]!;
    const axis = getInt(node.attributes, "axis", -1);
    const dot = reduceSum(b, mul(b, go, y), { axes: [axis], keepdims: true });
    return [mul(b, y, sub(b, go, dot))];
  },
};

/** Options of {@linkcode softmax}. */
export interface SoftmaxOptions extends NameOption {
  /** Axis to normalise over. @default -1 */
  axis?: number;
}

/**
 * Softmax along `axis`: exp(x − max) / sum(exp(x − max)).
 *
 * @param b the graph builder
 * @param x the input
 * @param options axis and node name
 * @returns the probabilities, shaped as `x`
 * @throws {ShapeError} when the axis is out of range
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { softmax } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["b", 4, 4]);
 * assert.deepEqual(softmax(b, x, { axis: -1 }).shape, ["b", 4, 4]);
 * ```
 */
export function softmax(b: GraphBuilder, x: Value, options: SoftmaxOptions = {}): Value {
  return b.addNode(SOFTMAX, [x], { axis: intAttr(options.axis ?? -1) }, nameOpt(options))[0]!;
}
