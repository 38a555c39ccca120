/**
 * Where: element-wise choice by a bool condition (ONNX `Where`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { broadcastShapes, dtypeIn, req, sameDtype } from "./_dims.ts";
import { nameOpt, type NameOption, type Operand, operand } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";

/** ONNX `Where`: shape/dtype rule and VJP (below). */
export const WHERE: OpDef = {
  type: "Where",
  defaultName: "where",
  infer(ctx, inputs) {
    const c = req(inputs, 0, "condition");
    const x = req(inputs, 1, "X");
    const y = req(inputs, 2, "Y");
    dtypeIn(c, ["bool"], "condition");
    sameDtype([x, y]);
    const shape = broadcastShapes(ctx, broadcastShapes(ctx, c.shape, x.shape), y.shape);
    return [{ dtype: x.dtype, shape }];
  },
  // VJP: GI(1) = Where(I(0), GO(0), 0), GI(2) = Where(I(0), 0, GO(0)); the condition gets
  // none. Saves I(0).
  vjp(b, { inputs, gradOutputs, needs }) {
    const c = inputs[0]!;
    const go = gradOutputs[0]!;
    return [
      undefined,
      needs[1] ? where(b, c, go, 0) : undefined,
      needs[2] ? where(b, c, 0, go) : undefined,
    ];
  },
};

/**
 * `cond ? x : y`, element-wise with broadcasting.
 *
 * @param b the graph builder
 * @param cond bool condition
 * @param x values where true (a number becomes a scalar of the other's dtype)
 * @param y values where false
 * @param options node name
 * @returns the chosen values
 * @throws {ShapeError} when shapes do not broadcast or dtypes differ
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { where } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const c = b.input("c", "bool", ["b", 4]);
 * const x = b.input("x", "float32", ["b", 4]);
 * assert.deepEqual(where(b, c, x, 0).shape, ["b", 4]);
 * ```
 */
export function where(
  b: GraphBuilder,
  cond: Value,
  x: Operand,
  y: Operand,
  options: NameOption = {},
): Value {
  if (typeof x === "number" && typeof y === "number") {
    throw new TypeError("Cannot build Where: at least one of x and y must be a graph value");
  }
  const dtype = typeof x === "number" ? (y as Value).dtype : x.dtype;
  return b.addNode(
    WHERE,
    [cond, operand(b, x, dtype), operand(b, y, dtype)],
    {},
    nameOpt(options),
  )[0]!;
}
