/**
 * Sign: element-wise sign (-1, 0 or 1) (ONNX `Sign`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyUnary, type NameOption, NUMERIC, unaryDef } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";

/** ONNX `Sign`: shape/dtype rule and VJP. VJP: zero almost everywhere: no gradient flows (GI(0) undefined). */
export const SIGN: OpDef = unaryDef(
  "Sign",
  "sign",
  NUMERIC,
  () => [undefined],
);

/**
 * Element-wise sign (-1, 0 or 1).
 *
 * @param b the graph builder
 * @param x the input
 * @param options node name
 * @returns the result, shaped as `x`
 * @throws {ShapeError} when the dtype is not supported
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { sign } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["n", 2]);
 * assert.deepEqual(sign(b, x).shape, ["n", 2]);
 * ```
 */
export function sign(b: GraphBuilder, x: Value, options: NameOption = {}): Value {
  return applyUnary(b, SIGN, x, options);
}
