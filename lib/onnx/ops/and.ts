/**
 * And: element-wise logical and of bool tensors with numpy broadcasting (ONNX `And`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyBinary, binaryDef, type NameOption, type Operand } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";

/** ONNX `And`: shape/dtype rule and VJP. VJP: not differentiable (bool). */
export const AND: OpDef = binaryDef(
  "And",
  "and",
  ["bool"],
  () => [undefined, undefined],
);

/**
 * Element-wise logical and of bool tensors with numpy broadcasting.
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
 * import { and } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "bool", ["batch", 3]);
 * const y = b.input("y", "bool", [3]);
 * assert.deepEqual(and(b, x, y).shape, ["batch", 3]);
 * ```
 */
export function and(b: GraphBuilder, x: Operand, y: Operand, options: NameOption = {}): Value {
  return applyBinary(b, AND, x, y, options);
}
