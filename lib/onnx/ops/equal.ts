/**
 * Equal: element-wise equality test with numpy broadcasting, giving bool (ONNX `Equal`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyBinary, binaryDef, type NameOption, type Operand } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";

/** ONNX `Equal`: shape/dtype rule and VJP. VJP: not differentiable (bool output). */
export const EQUAL: OpDef = binaryDef(
  "Equal",
  "equal",
  ["float32", "float64", "int32", "int64", "bool"],
  () => [undefined, undefined],
  "bool",
);

/**
 * Element-wise equality test with numpy broadcasting, giving bool.
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
 * import { equal } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["batch", 3]);
 * const y = b.input("y", "float32", [3]);
 * assert.deepEqual(equal(b, x, y).shape, ["batch", 3]);
 * ```
 */
export function equal(b: GraphBuilder, x: Operand, y: Operand, options: NameOption = {}): Value {
  return applyBinary(b, EQUAL, x, y, options);
}
