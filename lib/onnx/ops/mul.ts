/**
 * Mul: element-wise product with numpy broadcasting (ONNX `Mul`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyBinary, binaryDef, type NameOption, NUMERIC, type Operand } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";

/** ONNX `Mul`: shape/dtype rule and VJP. VJP: GI(0) = GO(0)·I(1), GI(1) = GO(0)·I(0); saves I(0), I(1). */
export const MUL: OpDef = binaryDef(
  "Mul",
  "mul",
  NUMERIC,
  (b, { inputs, gradOutputs, needs }) => [
    needs[0] ? mul(b, gradOutputs[0]!, inputs[1]!) : undefined,
    needs[1] ? mul(b, gradOutputs[0]!, inputs[0]!) : undefined,
  ],
);

/**
 * Element-wise product with numpy broadcasting.
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
 * import { mul } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["batch", 3]);
 * const y = b.input("y", "float32", [3]);
 * assert.deepEqual(mul(b, x, y).shape, ["batch", 3]);
 * ```
 */
export function mul(b: GraphBuilder, x: Operand, y: Operand, options: NameOption = {}): Value {
  return applyBinary(b, MUL, x, y, options);
}
