/**
 * Cos: element-wise cosine (ONNX `Cos`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyUnary, FLOATS, type NameOption, unaryDef } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";
import { mul } from "./mul.ts";
import { neg } from "./neg.ts";
import { sin } from "./sin.ts";

/** ONNX `Cos`: shape/dtype rule and VJP. VJP: GI(0) = -GO(0)·Sin(I(0)); saves I(0). */
export const COS: OpDef = unaryDef(
  "Cos",
  "cos",
  FLOATS,
  (b, { inputs, gradOutputs }) => [neg(b, mul(b, gradOutputs[0]!, sin(b, inputs[0]!)))],
);

/**
 * Element-wise cosine.
 *
 * @param b the graph builder
 * @param x the input
 * @param options node name
 * @returns the result, shaped as `x`
 * @throws {ShapeError} when the dtype is not supported
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { cos } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["n", 2]);
 * assert.deepEqual(cos(b, x).shape, ["n", 2]);
 * ```
 */
export function cos(b: GraphBuilder, x: Value, options: NameOption = {}): Value {
  return applyUnary(b, COS, x, options);
}
