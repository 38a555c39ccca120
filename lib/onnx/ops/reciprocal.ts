/**
 * Reciprocal: element-wise reciprocal 1/x (ONNX `Reciprocal`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyUnary, FLOATS, type NameOption, unaryDef } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";
import { mul } from "./mul.ts";
import { neg } from "./neg.ts";

/** ONNX `Reciprocal`: shape/dtype rule and VJP. VJP: GI(0) = -GO(0)·O(0)²; saves O(0). */
export const RECIPROCAL: OpDef = unaryDef(
  "Reciprocal",
  "reciprocal",
  FLOATS,
  (b, { outputs, gradOutputs }) => [
    neg(b, mul(b, gradOutputs[0]!, mul(b, outputs[0]!, outputs[0]!))),
  ],
);

/**
 * Element-wise reciprocal 1/x.
 *
 * @param b the graph builder
 * @param x the input
 * @param options node name
 * @returns the result, shaped as `x`
 * @throws {ShapeError} when the dtype is not supported
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { reciprocal } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["n", 2]);
 * assert.deepEqual(reciprocal(b, x).shape, ["n", 2]);
 * ```
 */
export function reciprocal(b: GraphBuilder, x: Value, options: NameOption = {}): Value {
  return applyUnary(b, RECIPROCAL, x, options);
}
