/**
 * Greater: element-wise x > y with numpy broadcasting, giving bool (ONNX `Greater`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyBinary, binaryDef, type NameOption, NUMERIC, type Operand } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";

/** ONNX `Greater`: shape/dtype rule and VJP. VJP: not differentiable (bool output). */
export const GREATER: OpDef = binaryDef(
  "Greater",
  "greater",
  NUMERIC,
  () => [undefined, undefined],
  "bool",
);

/**
 * Element-wise x > y with numpy broadcasting, giving bool.
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
 * import { greater } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["batch", 3]);
 * const y = b.input("y", "float32", [3]);
 * assert.deepEqual(greater(b, x, y).shape, ["batch", 3]);
 * ```
 */
export function greater(b: GraphBuilder, x: Operand, y: Operand, options: NameOption = {}): Value {
  return applyBinary(b, GREATER, x, y, options);
}
