/**
 * Gather: picks entries along one axis by index (ONNX `Gather`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Dim, Value } from "../graph.ts";
import { getInt, intAttr } from "./_attrs.ts";
import { dtypeIn, knownInts, normAxis, req } from "./_dims.ts";
import { nameOpt, type NameOption } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";
import { cast } from "./cast.ts";
import { concat } from "./concat.ts";
import { constantOfShape } from "./constant_of_shape.ts";
import { expand } from "./expand.ts";
import { reshape } from "./reshape.ts";
import { scatterElements } from "./scatter_elements.ts";
import { shape } from "./shape.ts";

/** ONNX `Gather`: shape/dtype rule and VJP (below). */
export const GATHER: OpDef = {
  type: "Gather",
  defaultName: "gather",
  infer(ctx, inputs, attrs) {
    const x = req(inputs, 0, "data");
    const idx = req(inputs, 1, "indices");
    dtypeIn(idx, ["int64", "int32"], "indices");
    const axis = normAxis(getInt(attrs, "axis", 0), x.shape.length);
    const shape: Dim[] = [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)];
    const content = x.shape.length === 1 ? ctx.dimsOf(x) : undefined;
    const ids = content ? knownInts(ctx, idx) : undefined;
    const dims = content && ids
      ? ids.map((i) => content[i < 0 ? i + content.length : i]!)
      : undefined;
    return [{
      dtype: x.dtype,
      shape,
      ...(dims && dims.every((d) => d !== undefined) ? { dims } : {}),
    }];
  },
  // VJP: GI(0) = ScatterElements(zeros like I(0), indices, GO(0), axis, reduction "add"), with
  // GO(0) flattened over the index axes and the indices broadcast to its shape; repeated
  // indices accumulate. Saves I(1) and the shape of I(0).
  vjp(b, { node, inputs, gradOutputs, needs }) {
    if (!needs[0]) return [undefined, undefined];
    const x = inputs[0]!;
    const idx = inputs[1]!;
    const go = gradOutputs[0]!;
    const rank = x.shape.length;
    const a0 = getInt(node.attributes, "axis", 0);
    const axis = a0 < 0 ? a0 + rank : a0;
    const q = idx.shape.length;
    const flat = reshape(b, idx, [-1]);
    const g = reshape(
      b,
      go,
      concat(b, [
        shape(b, go, { start: 0, end: axis }),
        b.constant([-1], [1], "int64"),
        shape(b, go, { start: axis + q }),
      ], { axis: 0 }),
    );
    const lifted = reshape(b, flat, Array.from({ length: rank }, (_, i) => (i === axis ? -1 : 1)));
    const ids = expand(b, cast(b, lifted, { to: "int64" }), shape(b, g));
    const zeros = constantOfShape(b, shape(b, x), { dtype: x.dtype });
    return [scatterElements(b, zeros, ids, g, { axis, reduction: "add" }), undefined];
  },
};

/** Options of {@linkcode gather}. */
export interface GatherOptions extends NameOption {
  /** Axis to index. @default 0 */
  axis?: number;
}

/**
 * Picks `x[..., indices, ...]` along `axis`; the indices' shape replaces that axis.
 *
 * @param b the graph builder
 * @param x the data
 * @param indices an int64/int32 value, a number (scalar index: the axis disappears) or a list
 * @param options axis and node name
 * @returns the gathered tensor
 * @throws {ShapeError} when the axis is out of range
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { gather } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const emb = b.input("emb", "float32", [10, 8]);
 * assert.deepEqual(gather(b, emb, 1).shape, [8]);
 * assert.deepEqual(gather(b, emb, [1, 2, 3]).shape, [3, 8]);
 * ```
 */
export function gather(
  b: GraphBuilder,
  x: Value,
  indices: Value | number | readonly number[],
  options: GatherOptions = {},
): Value {
  const idx = typeof indices === "number"
    ? b.constant([indices], [], "int64")
    : Array.isArray(indices)
    ? b.constant(indices, [indices.length], "int64")
    : indices as Value;
  return b.addNode(GATHER, [x, idx], { axis: intAttr(options.axis ?? 0) }, nameOpt(options))[0]!;
}
