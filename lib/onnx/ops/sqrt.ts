/**
 * Sqrt: element-wise square root (ONNX `Sqrt`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyUnary, FLOATS, type NameOption, unaryDef } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";
import { div } from "./div.ts";
import { mul } from "./mul.ts";

/** ONNX `Sqrt`: shape/dtype rule and VJP. VJP: GI(0) = GO(0) / (2·O(0)); saves O(0). */
export const SQRT: OpDef = unaryDef(
  "Sqrt",
  "sqrt",
  FLOATS,
  (b, { outputs, gradOutputs }) => [div(b, gradOutputs[0]!, mul(b, outputs[0]!, 2))],
);

/**
 * Element-wise square root.
 *
 * @param b the graph builder
 * @param x the input
 * @param options node name
 * @returns the result, shaped as `x`
 * @throws {ShapeError} when the dtype is not supported
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { sqrt } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["n", 2]);
 * assert.deepEqual(sqrt(b, x).shape, ["n", 2]);
 * ```
 */
export function sqrt(b: GraphBuilder, x: Value, options: NameOption = {}): Value {
  return applyUnary(b, SQRT, x, options);
}
