/**
 * Squeeze: removes size-1 axes (ONNX `Squeeze`, opset 13: axes as an input).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import { type Dim, formatShape, type Value } from "../graph.ts";
import { knownInts, normAxis, req } from "./_dims.ts";
import { nameOpt, type NameOption } from "./_elementwise.ts";
import { fail, type OpDef } from "./_op.ts";
import { reshapeLike } from "./reshape.ts";

/** ONNX `Squeeze`: shape/dtype rule and VJP (below). */
export const SQUEEZE: OpDef = {
  type: "Squeeze",
  defaultName: "squeeze",
  infer(ctx, inputs) {
    const x = req(inputs, 0, "data");
    const rank = x.shape.length;
    let axes: number[];
    if (inputs[1]) {
      const a = knownInts(ctx, inputs[1]);
      if (!a) fail("axes must be a constant", "constant axes", inputs[1].name);
      axes = a.map((v) => normAxis(v, rank));
    } else {
      if (x.shape.some((d) => typeof d !== "number")) {
        fail(`axes are needed when the shape ${formatShape(x.shape)} has symbolic dims`);
      }
      axes = x.shape.flatMap((d, i) => (d === 1 ? [i] : []));
    }
    for (const a of axes) {
      const d = x.shape[a]!;
      if (typeof d === "number" && d !== 1) {
        fail(`axis ${a} of ${formatShape(x.shape)} has size ${d}, not 1`, "1", `${d}`);
      }
    }
    const drop = new Set(axes);
    const shape: Dim[] = x.shape.filter((_, i) => !drop.has(i));
    const content = rank === 1 && shape.length === 0 ? ctx.dimsOf(x) : undefined;
    return [{ dtype: x.dtype, shape, ...(content ? { dims: [...content] } : {}) }];
  },
  // VJP: GI(0) = Reshape(GO(0), Shape(I(0))). Saves the shape of I(0).
  vjp: (b, { inputs, gradOutputs }) => [reshapeLike(b, gradOutputs[0]!, inputs[0]!), undefined],
};

/** Options of {@linkcode squeeze}. */
export interface SqueezeOptions extends NameOption {
  /** Axes to remove (each of size 1). @default every size-1 axis */
  axes?: readonly number[];
}

/**
 * Removes size-1 axes.
 *
 * @param b the graph builder
 * @param x the input
 * @param options axes and node name
 * @returns the reduced-rank tensor
 * @throws {ShapeError} when a named axis does not have size 1
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { squeeze } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["b", 1, 4]);
 * assert.deepEqual(squeeze(b, x, { axes: [1] }).shape, ["b", 4]);
 * ```
 */
export function squeeze(b: GraphBuilder, x: Value, options: SqueezeOptions = {}): Value {
  const inputs = [x];
  if (options.axes) inputs.push(b.constant(options.axes, [options.axes.length], "int64"));
  return b.addNode(SQUEEZE, inputs, {}, nameOpt(options))[0]!;
}
