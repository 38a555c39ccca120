/**
 * Min: element-wise minimum of two tensors with numpy broadcasting (ONNX `Min`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyBinary, binaryDef, type NameOption, NUMERIC, type Operand } from "./_elementwise.ts";
import { selectionVjp } from "./_grad.ts";
import type { OpDef } from "./_op.ts";

/** ONNX `Min`: shape/dtype rule and VJP (the gradient goes to the selected input; see `selectionVjp`). */
export const MIN: OpDef = binaryDef("Min", "min", NUMERIC, selectionVjp);

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
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { min } from "@chronos-deno/chronos-deno/onnx";
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
