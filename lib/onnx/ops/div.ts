/**
 * Div: element-wise quotient with numpy broadcasting (ONNX `Div`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyBinary, binaryDef, type NameOption, NUMERIC, type Operand } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";
import { mul } from "./mul.ts";
import { neg } from "./neg.ts";

/** ONNX `Div`: shape/dtype rule and VJP. VJP: GI(0) = GO(0) / I(1), GI(1) = -GO(0)·O(0) / I(1); saves I(1), O(0). */
export const DIV: OpDef = binaryDef(
  "Div",
  "div",
  NUMERIC,
  (b, { inputs, outputs, gradOutputs, needs }) => [
    needs[0] ? div(b, gradOutputs[0]!, inputs[1]!) : undefined,
    needs[1] ? neg(b, div(b, mul(b, gradOutputs[0]!, outputs[0]!), inputs[1]!)) : undefined,
  ],
);

/**
 * Element-wise quotient with numpy broadcasting.
 *
 * @param b the graph builder
 * @param x left operand (a number becomes a scalar of the other operand's dtype)
 * @param y right operand
 * @param options node name
 * @returns the result, shaped as the broadcast of both operands
 * @throws {ShapeError} when the shapes do not broadcast or the dtypes differ
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { div } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["batch", 3]);
 * const y = b.input("y", "float32", [3]);
 * assert.deepEqual(div(b, x, y).shape, ["batch", 3]);
 * ```
 */
export function div(b: GraphBuilder, x: Operand, y: Operand, options: NameOption = {}): Value {
  return applyBinary(b, DIV, x, y, options);
}
