/**
 * IsNaN: element-wise NaN test, giving bool (ONNX `IsNaN`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyUnary, FLOATS, type NameOption, unaryDef } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";

/** ONNX `IsNaN`: shape/dtype rule and VJP. VJP: not differentiable (bool output). */
export const IS_NAN: OpDef = unaryDef(
  "IsNaN",
  "isNaN",
  FLOATS,
  () => [undefined],
  "bool",
);

/**
 * Element-wise NaN test, giving bool.
 *
 * @param b the graph builder
 * @param x the input
 * @param options node name
 * @returns the result, shaped as `x`
 * @throws {ShapeError} when the dtype is not supported
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { isNaN } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["n", 2]);
 * assert.deepEqual(isNaN(b, x).shape, ["n", 2]);
 * ```
 */
export function isNaN(b: GraphBuilder, x: Value, options: NameOption = {}): Value {
  return applyUnary(b, IS_NAN, x, options);
}
