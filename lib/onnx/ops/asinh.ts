/**
 * Asinh: element-wise inverse hyperbolic sine (ORT CPU: float32 only) (ONNX `Asinh`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyUnary, FLOATS, type NameOption, unaryDef } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";
import { add } from "./add.ts";
import { div } from "./div.ts";
import { mul } from "./mul.ts";
import { sqrt } from "./sqrt.ts";

/** ONNX `Asinh`: shape/dtype rule and VJP. VJP: GI(0) = GO(0) / Sqrt(I(0)² + 1); saves I(0). */
export const ASINH: OpDef = unaryDef(
  "Asinh",
  "asinh",
  FLOATS,
  (b, { inputs, gradOutputs }) => {
    const x = inputs[0]!;
    return [div(b, gradOutputs[0]!, sqrt(b, add(b, mul(b, x, x), 1)))];
  },
);

/**
 * Element-wise inverse hyperbolic sine (ORT CPU: float32 only).
 *
 * @param b the graph builder
 * @param x the input
 * @param options node name
 * @returns the result, shaped as `x`
 * @throws {ShapeError} when the dtype is not supported
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { asinh } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["n", 2]);
 * assert.deepEqual(asinh(b, x).shape, ["n", 2]);
 * ```
 */
export function asinh(b: GraphBuilder, x: Value, options: NameOption = {}): Value {
  return applyUnary(b, ASINH, x, options);
}
