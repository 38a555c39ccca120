/**
 * Unsqueeze: inserts size-1 axes (ONNX `Unsqueeze`, opset 13: axes as an input).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Dim, Value } from "../graph.ts";
import { knownInts, normAxis, req } from "./_dims.ts";
import { nameOpt, type NameOption } from "./_elementwise.ts";
import { fail, type OpDef } from "./_op.ts";
import { reshapeLike } from "./reshape.ts";

/** ONNX `Unsqueeze`: shape/dtype rule and VJP (below). */
export const UNSQUEEZE: OpDef = {
  type: "Unsqueeze",
  defaultName: "unsqueeze",
  infer(ctx, inputs) {
    const x = req(inputs, 0, "data");
    const axes = knownInts(ctx, req(inputs, 1, "axes"));
    if (!axes) fail("axes must be a constant", "constant axes", inputs[1]!.name);
    const rank = x.shape.length + axes.length;
    const at = new Set(axes.map((a) => normAxis(a, rank)));
    if (at.size !== axes.length) fail(`axes [${axes.join(", ")}] repeat an axis`);
    const shape: Dim[] = [];
    let k = 0;
    for (let i = 0; i < rank; i++) shape.push(at.has(i) ? 1 : x.shape[k++]!);
    const content = x.shape.length === 0 ? ctx.dimsOf(x) : undefined;
    return [{ dtype: x.dtype, shape, ...(content && rank === 1 ? { dims: [...content] } : {}) }];
  },
  // VJP: GI(0) = Reshape(GO(0), Shape(I(0))). Saves the shape of I(0).
  vjp: (b, { inputs, gradOutputs }) => [reshapeLike(b, gradOutputs[0]!, inputs[0]!), undefined],
};

/** Options of {@linkcode unsqueeze}. */
export interface UnsqueezeOptions extends NameOption {
  /** Positions of the new axes in the output. */
  axes: readonly number[];
}

/**
 * Inserts size-1 axes at `axes` (positions in the output).
 *
 * @param b the graph builder
 * @param x the input
 * @param options axes and node name
 * @returns the expanded-rank tensor
 * @throws {ShapeError} when an axis is out of range or repeated
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { unsqueeze } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["b", 4]);
 * assert.deepEqual(unsqueeze(b, x, { axes: [1] }).shape, ["b", 1, 4]);
 * ```
 */
export function unsqueeze(b: GraphBuilder, x: Value, options: UnsqueezeOptions): Value {
  const axes = b.constant(options.axes, [options.axes.length], "int64");
  return b.addNode(UNSQUEEZE, [x, axes], {}, nameOpt(options))[0]!;
}
