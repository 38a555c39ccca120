/**
 * LessOrEqual: element-wise x <= y with numpy broadcasting, giving bool (ONNX `LessOrEqual`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyBinary, binaryDef, type NameOption, NUMERIC, type Operand } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";

/** ONNX `LessOrEqual`: shape/dtype rule and VJP. VJP: not differentiable (bool output). */
export const LESS_OR_EQUAL: OpDef = binaryDef(
  "LessOrEqual",
  "lessOrEqual",
  NUMERIC,
  () => [undefined, undefined],
  "bool",
);

/**
 * Element-wise x <= y with numpy broadcasting, giving bool.
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
 * import { lessOrEqual } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["batch", 3]);
 * const y = b.input("y", "float32", [3]);
 * assert.deepEqual(lessOrEqual(b, x, y).shape, ["batch", 3]);
 * ```
 */
export function lessOrEqual(
  b: GraphBuilder,
  x: Operand,
  y: Operand,
  options: NameOption = {},
): Value {
  return applyBinary(b, LESS_OR_EQUAL, x, y, options);
}
