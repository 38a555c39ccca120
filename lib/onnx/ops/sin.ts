/**
 * Sin: element-wise sine (ONNX `Sin`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyUnary, FLOATS, type NameOption, unaryDef } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";
import { cos } from "./cos.ts";
import { mul } from "./mul.ts";

/** ONNX `Sin`: shape/dtype rule and VJP. VJP: GI(0) = GO(0)·Cos(I(0)); saves I(0). */
export const SIN: OpDef = unaryDef(
  "Sin",
  "sin",
  FLOATS,
  (b, { inputs, gradOutputs }) => [mul(b, gradOutputs[0]!, cos(b, inputs[0]!))],
);

/**
 * Element-wise sine.
 *
 * @param b the graph builder
 * @param x the input
 * @param options node name
 * @returns the result, shaped as `x`
 * @throws {ShapeError} when the dtype is not supported
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { sin } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["n", 2]);
 * assert.deepEqual(sin(b, x).shape, ["n", 2]);
 * ```
 */
export function sin(b: GraphBuilder, x: Value, options: NameOption = {}): Value {
  return applyUnary(b, SIN, x, options);
}
