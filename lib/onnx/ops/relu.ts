/**
 * Relu: element-wise rectifier max(x, 0) (ONNX `Relu`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyUnary, type NameOption, unaryDef } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";
import { greater } from "./greater.ts";
import { where } from "./where.ts";

/** ONNX `Relu`: shape/dtype rule and VJP. VJP: GI(0) = Where(I(0) > 0, GO(0), 0); saves I(0). */
export const RELU: OpDef = unaryDef(
  "Relu",
  "relu",
  ["float32", "float64", "int32"],
  (b, { inputs, gradOutputs }) => [
    where(b, greater(b, inputs[0]!, 0), gradOutputs[0]!, b.constant([0], [], inputs[0]!.dtype)),
  ],
);

/**
 * Element-wise rectifier max(x, 0).
 *
 * @param b the graph builder
 * @param x the input
 * @param options node name
 * @returns the result, shaped as `x`
 * @throws {ShapeError} when the dtype is not supported
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { relu } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["n", 2]);
 * assert.deepEqual(relu(b, x).shape, ["n", 2]);
 * ```
 */
export function relu(b: GraphBuilder, x: Value, options: NameOption = {}): Value {
  return applyUnary(b, RELU, x, options);
}
