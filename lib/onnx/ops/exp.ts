/**
 * Exp: element-wise natural exponential (ONNX `Exp`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyUnary, FLOATS, type NameOption, unaryDef } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";
import { mul } from "./mul.ts";

/** ONNX `Exp`: shape/dtype rule and VJP. VJP: GI(0) = GO(0)·O(0); saves O(0). */
export const EXP: OpDef = unaryDef(
  "Exp",
  "exp",
  FLOATS,
  (b, { outputs, gradOutputs }) => [mul(b, gradOutputs[0]!, outputs[0]!)],
);

/**
 * Element-wise natural exponential.
 *
 * @param b the graph builder
 * @param x the input
 * @param options node name
 * @returns the result, shaped as `x`
 * @throws {ShapeError} when the dtype is not supported
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { exp } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["n", 2]);
 * assert.deepEqual(exp(b, x).shape, ["n", 2]);
 * ```
 */
export function exp(b: GraphBuilder, x: Value, options: NameOption = {}): Value {
  return applyUnary(b, EXP, x, options);
}
