/**
 * Pow: element-wise power x^y with numpy broadcasting (ONNX `Pow`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { applyBinary, binaryDef, FLOATS, type NameOption, type Operand } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";
import { log } from "./log.ts";
import { mul } from "./mul.ts";
import { sub } from "./sub.ts";

/** ONNX `Pow`: shape/dtype rule and VJP. VJP: GI(0) = GO(0)·I(1)·I(0)^(I(1) − 1), GI(1) = GO(0)·O(0)·Log(I(0)); saves I(0), I(1), O(0). */
export const POW: OpDef = binaryDef(
  "Pow",
  "pow",
  FLOATS,
  (b, { inputs, outputs, gradOutputs, needs }) => {
    const [x, y] = [inputs[0]!, inputs[1]!];
    const go = gradOutputs[0]!;
    return [
      needs[0] ? mul(b, go, mul(b, y, pow(b, x, sub(b, y, 1)))) : undefined,
      needs[1] ? mul(b, go, mul(b, outputs[0]!, log(b, x))) : undefined,
    ];
  },
);

/**
 * Element-wise power x^y with numpy broadcasting.
 *
 * @param b the graph builder
 * @param x left operand (a number becomes a scalar of the other operand's dtype)
 * @param y right operand
 * @param options node name
 * @returns the result, shaped as the broadcast of both operands
 * @throws {ShapeError} when the shapes do not broadcast or the dtypes differ
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { pow } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["batch", 3]);
 * const y = b.input("y", "float32", [3]);
 * assert.deepEqual(pow(b, x, y).shape, ["batch", 3]);
 * ```
 */
export function pow(b: GraphBuilder, x: Operand, y: Operand, options: NameOption = {}): Value {
  return applyBinary(b, POW, x, y, options);
}
