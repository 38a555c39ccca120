/**
 * Ceil: element-wise rounding up to an integral value (ONNX `Ceil`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyUnary, type NameOption, unaryDef } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";

/** ONNX `Ceil`: shape/dtype rule and VJP. VJP: zero almost everywhere: no gradient flows (GI(0) undefined). */
export const CEIL: OpDef = unaryDef("Ceil", "ceil", ["float32", "float64"], () => [undefined]);

/**
 * Element-wise rounding up to an integral value.
 *
 * @param b the graph builder
 * @param x the input
 * @param options node name
 * @returns the result, shaped as `x`
 * @throws {ShapeError} when the dtype is not a float
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { ceil } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["n", 2]);
 * assert.deepEqual(ceil(b, x).shape, ["n", 2]);
 * ```
 */
export function ceil(b: GraphBuilder, x: Value, options: NameOption = {}): Value {
  return applyUnary(b, CEIL, x, options);
}
