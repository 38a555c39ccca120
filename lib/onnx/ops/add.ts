/**
 * Add: element-wise sum with numpy broadcasting (ONNX `Add`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyBinary, binaryDef, type NameOption, NUMERIC, type Operand } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";

/** ONNX `Add`: shape/dtype rule and VJP. VJP: GI(0) = GO(0), GI(1) = GO(0) (un-broadcast by the caller); saves nothing. */
export const ADD: OpDef = binaryDef(
  "Add",
  "add",
  NUMERIC,
  (_b, { gradOutputs }) => [gradOutputs[0], gradOutputs[0]],
);

/**
 * Element-wise sum with numpy broadcasting.
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
 * import { add } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["batch", 3]);
 * const y = b.input("y", "float32", [3]);
 * assert.deepEqual(add(b, x, y).shape, ["batch", 3]);
 * ```
 */
export function add(b: GraphBuilder, x: Operand, y: Operand, options: NameOption = {}): Value {
  return applyBinary(b, ADD, x, y, options);
}
