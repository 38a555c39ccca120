/**
 * Sinh: element-wise hyperbolic sine (ORT CPU: float32 only) (ONNX `Sinh`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyUnary, FLOATS, type NameOption, unaryDef } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";
import { add } from "./add.ts";
import { mul } from "./mul.ts";
import { sqrt } from "./sqrt.ts";

/** ONNX `Sinh`: shape/dtype rule and VJP. VJP: GI(0) = GO(0)·cosh(I(0)), with cosh written as Sqrt(O(0)² + 1); saves O(0). */
export const SINH: OpDef = unaryDef(
  "Sinh",
  "sinh",
  FLOATS,
  (b, { outputs, gradOutputs }) => {
    const y = outputs[0]!;
    return [mul(b, gradOutputs[0]!, sqrt(b, add(b, mul(b, y, y), 1)))];
  },
);

/**
 * Element-wise hyperbolic sine (ORT CPU: float32 only).
 *
 * @param b the graph builder
 * @param x the input
 * @param options node name
 * @returns the result, shaped as `x`
 * @throws {ShapeError} when the dtype is not supported
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { sinh } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["n", 2]);
 * assert.deepEqual(sinh(b, x).shape, ["n", 2]);
 * ```
 */
export function sinh(b: GraphBuilder, x: Value, options: NameOption = {}): Value {
  return applyUnary(b, SINH, x, options);
}
