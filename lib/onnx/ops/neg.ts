/**
 * Neg: element-wise negation (ONNX `Neg`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyUnary, type NameOption, unaryDef } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";

/** ONNX `Neg`: shape/dtype rule and VJP. VJP: GI(0) = -GO(0); saves nothing. */
export const NEG: OpDef = unaryDef(
  "Neg",
  "neg",
  ["float32", "float64", "int32", "int64"],
  (b, { gradOutputs }) => [neg(b, gradOutputs[0]!)],
);

/**
 * Element-wise negation.
 *
 * @param b the graph builder
 * @param x the input
 * @param options node name
 * @returns the result, shaped as `x`
 * @throws {ShapeError} when the dtype is not supported
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { neg } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["n", 2]);
 * assert.deepEqual(neg(b, x).shape, ["n", 2]);
 * ```
 */
export function neg(b: GraphBuilder, x: Value, options: NameOption = {}): Value {
  return applyUnary(b, NEG, x, options);
}
