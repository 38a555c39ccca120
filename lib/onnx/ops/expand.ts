/**
 * Expand: broadcasts a tensor to a shape (ONNX `Expand`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Dim, Value } from "../graph.ts";
import { broadcastShapes, dtypeIn, req } from "./_dims.ts";
import { nameOpt, type NameOption } from "./_elementwise.ts";
import { fail, type OpDef } from "./_op.ts";

/** ONNX `Expand`: shape/dtype rule and VJP (below). */
export const EXPAND: OpDef = {
  type: "Expand",
  defaultName: "expand",
  infer(ctx, inputs) {
    const x = req(inputs, 0, "input");
    const s = req(inputs, 1, "shape");
    dtypeIn(s, ["int64"], "shape");
    const target = ctx.dimsOf(s);
    if (target) return [{ dtype: x.dtype, shape: broadcastShapes(ctx, x.shape, target) }];
    const r = s.shape[0];
    if (typeof r !== "number") fail("the length of the target shape must be known");
    const rank = Math.max(r, x.shape.length);
    const shape: Dim[] = Array.from({ length: rank }, (_, i) => {
      const d = x.shape[x.shape.length - rank + i];
      return d !== undefined && d !== 1 ? d : ctx.unknownDim();
    });
    return [{ dtype: x.dtype, shape }];
  },
  // VJP: GI(0) = GO(0); the caller sums it over the broadcast axes. Saves nothing.
  vjp: (_b, { gradOutputs }) => [gradOutputs[0], undefined],
};

/**
 * Broadcasts `x` to `shape` (numpy rules, in both directions as ONNX does).
 *
 * @param b the graph builder
 * @param x the input
 * @param shape the target shape: numbers or an int64 value (e.g. from {@linkcode shape})
 * @param options node name
 * @returns the expanded tensor
 * @throws {ShapeError} when the shapes do not broadcast
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { expand } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", [1, 4]);
 * assert.deepEqual(expand(b, x, [3, 4]).shape, [3, 4]);
 * ```
 */
export function expand(
  b: GraphBuilder,
  x: Value,
  shape: readonly number[] | Value,
  options: NameOption = {},
): Value {
  const s = Array.isArray(shape) ? b.constant(shape, [shape.length], "int64") : shape as Value;
  return b.addNode(EXPAND, [x, s], {}, nameOpt(options))[0]!;
}
