/**
 * ScatterElements: writes (or adds) updates at indices along one axis (ONNX
 * `ScatterElements`, opset 18 with `reduction`). Used by the Gather and Slice VJPs.
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import { formatShape, type Value } from "../graph.ts";
import { getInt, intAttr, stringAttr } from "./_attrs.ts";
import { dtypeIn, normAxis, req } from "./_dims.ts";
import { nameOpt, type NameOption } from "./_elementwise.ts";
import { fail, type OpDef } from "./_op.ts";

/** ONNX `ScatterElements`: shape/dtype rule; gradients are not needed by our graphs. */
export const SCATTER_ELEMENTS: OpDef = {
  type: "ScatterElements",
  defaultName: "scatter_elements",
  infer(_ctx, inputs, attrs) {
    const x = req(inputs, 0, "data");
    const idx = req(inputs, 1, "indices");
    const upd = req(inputs, 2, "updates");
    dtypeIn(idx, ["int64", "int32"], "indices");
    normAxis(getInt(attrs, "axis", 0), x.shape.length);
    if (idx.shape.length !== x.shape.length || upd.shape.length !== x.shape.length) {
      fail(
        `data ${formatShape(x.shape)}, indices ${formatShape(idx.shape)} and updates ${
          formatShape(upd.shape)
        } must have the same rank`,
      );
    }
    if (upd.dtype !== x.dtype) fail(`updates must be ${x.dtype}, got ${upd.dtype}`);
    return [{ dtype: x.dtype, shape: [...x.shape] }];
  },
};

/** Options of {@linkcode scatterElements}. */
export interface ScatterElementsOptions extends NameOption {
  /** Axis the indices refer to. @default 0 */
  axis?: number;
  /** How updates combine with the data. @default "none" */
  reduction?: "none" | "add" | "mul" | "max" | "min";
}

/**
 * Copy of `x` with `x[..., indices[i], ...] (op)= updates[i]` along `axis`.
 *
 * @param b the graph builder
 * @param x the data
 * @param indices int64 indices, shaped like `updates`
 * @param updates the values
 * @param options axis, reduction and node name
 * @returns the scattered tensor, shaped as `x`
 * @throws {ShapeError} when the ranks differ
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { scatterElements } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", [5, 2]);
 * const i = b.input("i", "int64", [3, 2]);
 * const u = b.input("u", "float32", [3, 2]);
 * assert.deepEqual(scatterElements(b, x, i, u, { reduction: "add" }).shape, [5, 2]);
 * ```
 */
export function scatterElements(
  b: GraphBuilder,
  x: Value,
  indices: Value,
  updates: Value,
  options: ScatterElementsOptions = {},
): Value {
  const attrs = {
    axis: intAttr(options.axis ?? 0),
    reduction: stringAttr(options.reduction ?? "none"),
  };
  return b.addNode(SCATTER_ELEMENTS, [x, indices, updates], attrs, nameOpt(options))[0]!;
}
