/**
 * Cast: converts the element type (ONNX `Cast`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import { type DType, dtypeOfOnnxCode, onnxTypeCode, type Value } from "../graph.ts";
import { getInt, intAttr } from "./_attrs.ts";
import { req } from "./_dims.ts";
import { nameOpt, type NameOption } from "./_elementwise.ts";
import { fail, type OpDef } from "./_op.ts";

/** ONNX `Cast`: shape/dtype rule and VJP (below). */
export const CAST: OpDef = {
  type: "Cast",
  defaultName: "cast",
  infer(ctx, inputs, attrs) {
    const x = req(inputs, 0, "input");
    const to = dtypeOfOnnxCode(getInt(attrs, "to", 0));
    if (!to) fail(`unsupported target type code ${getInt(attrs, "to", 0)}`);
    const content = to === "int64" ? ctx.dimsOf(x) : undefined;
    return [{ dtype: to, shape: [...x.shape], ...(content ? { dims: [...content] } : {}) }];
  },
  // VJP: GI(0) = Cast(GO(0), dtype of I(0)) for float inputs, none otherwise. Saves nothing.
  vjp(b, { inputs, gradOutputs }) {
    const x = inputs[0]!;
    if (x.dtype !== "float32" && x.dtype !== "float64") return [undefined];
    const go = gradOutputs[0]!;
    return [go.dtype === x.dtype ? go : cast(b, go, { to: x.dtype })];
  },
};

/** Options of {@linkcode cast}. */
export interface CastOptions extends NameOption {
  /** Target element type. */
  to: DType;
}

/**
 * Converts `x` to another element type.
 *
 * @param b the graph builder
 * @param x the input
 * @param options target dtype and node name
 * @returns the converted tensor
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { cast } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * assert.equal(cast(b, b.input("m", "bool", [3]), { to: "float32" }).dtype, "float32");
 * ```
 */
export function cast(b: GraphBuilder, x: Value, options: CastOptions): Value {
  return b.addNode(CAST, [x], { to: intAttr(onnxTypeCode(options.to)) }, nameOpt(options))[0]!;
}
