/**
 * Shape: the dims of a tensor as an int64 vector (ONNX `Shape`, opset 15).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { getInt, intAttr } from "./_attrs.ts";
import { req } from "./_dims.ts";
import { nameOpt, type NameOption } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";

/** ONNX `Shape`: shape/dtype rule; not differentiable. */
export const SHAPE: OpDef = {
  type: "Shape",
  defaultName: "shape",
  infer(_ctx, inputs, attrs) {
    const x = req(inputs, 0, "data");
    const rank = x.shape.length;
    const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
    const start = clamp(getInt(attrs, "start", 0));
    const end = clamp(getInt(attrs, "end", rank));
    const dims = x.shape.slice(start, Math.max(start, end));
    return [{ dtype: "int64", shape: [dims.length], dims }];
  },
  vjp: () => [undefined],
};

/** Options of {@linkcode shape}. */
export interface ShapeOptions extends NameOption {
  /** First axis to report. @default 0 */
  start?: number;
  /** Axis after the last one to report. @default rank */
  end?: number;
}

/**
 * The dims of `x` as a 1-D int64 tensor (symbolic dims are resolved at run time).
 *
 * @param b the graph builder
 * @param x the input
 * @param options start, end and node name
 * @returns `[rank]` int64
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { shape } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * assert.deepEqual(shape(b, b.input("x", "float32", ["b", 4])).shape, [2]);
 * ```
 */
export function shape(b: GraphBuilder, x: Value, options: ShapeOptions = {}): Value {
  const attrs: Record<string, ReturnType<typeof intAttr>> = {};
  if (options.start !== undefined) attrs.start = intAttr(options.start);
  if (options.end !== undefined) attrs.end = intAttr(options.end);
  return b.addNode(SHAPE, [x], attrs, nameOpt(options))[0]!;
}
