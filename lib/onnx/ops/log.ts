/**
 * Log: element-wise natural logarithm (ONNX `Log`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyUnary, FLOATS, type NameOption, unaryDef } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";
import { div } from "./div.ts";

/** ONNX `Log`: shape/dtype rule and VJP. VJP: GI(0) = GO(0) / I(0); saves I(0). */
export const LOG: OpDef = unaryDef(
  "Log",
  "log",
  FLOATS,
  (b, { inputs, gradOutputs }) => [div(b, gradOutputs[0]!, inputs[0]!)],
);

/**
 * Element-wise natural logarithm.
 *
 * @param b the graph builder
 * @param x the input
 * @param options node name
 * @returns the result, shaped as `x`
 * @throws {ShapeError} when the dtype is not supported
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { log } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["n", 2]);
 * assert.deepEqual(log(b, x).shape, ["n", 2]);
 * ```
 */
export function log(b: GraphBuilder, x: Value, options: NameOption = {}): Value {
  return applyUnary(b, LOG, x, options);
}
