/**
 * Sub: element-wise difference with numpy broadcasting (ONNX `Sub`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyBinary, binaryDef, type NameOption, NUMERIC, type Operand } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";
import { neg } from "./neg.ts";

/** ONNX `Sub`: shape/dtype rule and VJP. VJP: GI(0) = GO(0), GI(1) = -GO(0); saves nothing. */
export const SUB: OpDef = binaryDef(
  "Sub",
  "sub",
  NUMERIC,
  (b, { gradOutputs, needs }) => [
    gradOutputs[0],
    needs[1] ? neg(b, gradOutputs[0]!) : undefined,
  ],
);

/**
 * Element-wise difference with numpy broadcasting.
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
 * import { sub } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["batch", 3]);
 * const y = b.input("y", "float32", [3]);
 * assert.deepEqual(sub(b, x, y).shape, ["batch", 3]);
 * ```
 */
export function sub(b: GraphBuilder, x: Operand, y: Operand, options: NameOption = {}): Value {
  return applyBinary(b, SUB, x, y, options);
}
