/**
 * Not: element-wise logical not of a bool tensor (ONNX `Not`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyUnary, type NameOption, unaryDef } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";

/** ONNX `Not`: shape/dtype rule and VJP. VJP: not differentiable (bool). */
export const NOT: OpDef = unaryDef(
  "Not",
  "not",
  ["bool"],
  () => [undefined],
);

/**
 * Element-wise logical not of a bool tensor.
 *
 * @param b the graph builder
 * @param x the input
 * @param options node name
 * @returns the result, shaped as `x`
 * @throws {ShapeError} when the dtype is not supported
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { not } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "bool", ["n", 2]);
 * assert.deepEqual(not(b, x).shape, ["n", 2]);
 * ```
 */
export function not(b: GraphBuilder, x: Value, options: NameOption = {}): Value {
  return applyUnary(b, NOT, x, options);
}
