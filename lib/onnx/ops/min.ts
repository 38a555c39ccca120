/**
 * Min: element-wise minimum of two tensors with numpy broadcasting (ONNX `Min`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyBinary, binaryDef, type NameOption, NUMERIC, type Operand } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";
import { equal } from "./equal.ts";
import { where } from "./where.ts";

/** ONNX `Min`: shape/dtype rule and VJP. VJP: GI(0) = Where(O(0) == I(0), GO(0), 0), GI(1) = Where(O(0) == I(0), 0, GO(0)) (ties go to I(0)); saves I(0), O(0). */
export const MIN: OpDef = binaryDef(
  "Min",
  "min",
  NUMERIC,
  (b, { inputs, outputs, gradOutputs }) => {
    const go = gradOutputs[0]!;
    const pick = equal(b, outputs[0]!, inputs[0]!);
    const zero = b.constant([0], [], go.dtype);
    return [where(b, pick, go, zero), where(b, pick, zero, go)];
  },
);

/**
 * Element-wise minimum of two tensors with numpy broadcasting.
 *
 * @param b the graph builder
 * @param x left operand (a number becomes a scalar of the other operand's dtype)
 * @param y right operand
 * @param options node name
 * @returns the result, shaped as the broadcast of both operands
 * @throws {ShapeError} when the shapes do not broadcast or the dtypes differ
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "../builder.ts";
 * import { min } from "./min.ts";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["batch", 3]);
 * const y = b.input("y", "float32", [3]);
 * assert.deepEqual(min(b, x, y).shape, ["batch", 3]);
 * ```
 */
export function min(b: GraphBuilder, x: Operand, y: Operand, options: NameOption = {}): Value {
  return applyBinary(b, MIN, x, y, options);
}
