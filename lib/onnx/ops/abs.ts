/**
 * Abs: element-wise absolute value (ONNX `Abs`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyUnary, type NameOption, NUMERIC, unaryDef } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";
import { mul } from "./mul.ts";
import { sign } from "./sign.ts";

/** ONNX `Abs`: shape/dtype rule and VJP. VJP: GI(0) = GO(0)·Sign(I(0)); saves I(0). */
export const ABS: OpDef = unaryDef(
  "Abs",
  "abs",
  NUMERIC,
  (b, { inputs, gradOutputs }) => [mul(b, gradOutputs[0]!, sign(b, inputs[0]!))],
);

/**
 * Element-wise absolute value.
 *
 * @param b the graph builder
 * @param x the input
 * @param options node name
 * @returns the result, shaped as `x`
 * @throws {ShapeError} when the dtype is not supported
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { abs } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["n", 2]);
 * assert.deepEqual(abs(b, x).shape, ["n", 2]);
 * ```
 */
export function abs(b: GraphBuilder, x: Value, options: NameOption = {}): Value {
  return applyUnary(b, ABS, x, options);
}
