/**
 * Identity: identity (a named copy) (ONNX `Identity`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyUnary, type NameOption, unaryDef } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";

/** ONNX `Identity`: shape/dtype rule and VJP. VJP: GI(0) = GO(0); saves nothing. */
export const IDENTITY: OpDef = unaryDef(
  "Identity",
  "identity",
  ["float32", "float64", "int32", "int64", "bool"],
  (_b, { gradOutputs }) => [gradOutputs[0]],
);

/**
 * Identity (a named copy).
 *
 * @param b the graph builder
 * @param x the input
 * @param options node name
 * @returns the result, shaped as `x`
 * @throws {ShapeError} when the dtype is not supported
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { identity } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["n", 2]);
 * assert.deepEqual(identity(b, x).shape, ["n", 2]);
 * ```
 */
export function identity(b: GraphBuilder, x: Value, options: NameOption = {}): Value {
  return applyUnary(b, IDENTITY, x, options);
}
