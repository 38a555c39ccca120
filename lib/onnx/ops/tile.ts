/**
 * Tile: repeats a tensor along each axis (ONNX `Tile`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import { type Dim, formatShape, type Value } from "../graph.ts";
import { knownInts, req } from "./_dims.ts";
import { nameOpt, type NameOption } from "./_elementwise.ts";
import { fail, type OpDef } from "./_op.ts";
import { staticDims } from "./_grad.ts";
import { reduceSum } from "./reduce_sum.ts";
import { reshape } from "./reshape.ts";

/** ONNX `Tile`: shape/dtype rule and VJP (below). */
export const TILE: OpDef = {
  type: "Tile",
  defaultName: "tile",
  infer(ctx, inputs) {
    const x = req(inputs, 0, "input");
    const reps = knownInts(ctx, req(inputs, 1, "repeats"));
    if (!reps) return [{ dtype: x.dtype, shape: x.shape.map(() => ctx.unknownDim()) }];
    if (reps.length !== x.shape.length) {
      fail(
        `repeats has ${reps.length} entries but the input ${
          formatShape(x.shape)
        } has rank ${x.shape.length}`,
        `${x.shape.length} entries`,
        `${reps.length}`,
      );
    }
    const shape: Dim[] = x.shape.map((d, i) => {
      const r = reps[i]!;
      if (r === 1) return d;
      return typeof d === "number" ? d * r : ctx.unknownDim();
    });
    return [{ dtype: x.dtype, shape }];
  },
  // VJP: GI(0) = ReduceSum over the tile axes of GO(0) reshaped to [r0, d0, r1, d1, …]
  // (static dims only). Saves the shape of I(0) and the repeats.
  vjp(b, { inputs, gradOutputs }) {
    const x = inputs[0]!;
    const c = b.constantOf(inputs[1]!);
    const dims = staticDims(x);
    if (!c || !dims) {
      throw new TypeError("Cannot differentiate Tile: the input dims and repeats must be static");
    }
    const reps = Array.from(c.data as BigInt64Array, Number);
    const split = dims.flatMap((d, i) => [reps[i]!, d]);
    const axes = dims.map((_, i) => 2 * i);
    const g = reduceSum(b, reshape(b, gradOutputs[0]!, split), { axes, keepdims: false });
    return [g, undefined];
  },
};

/**
 * Repeats `x` `repeats[i]` times along axis i.
 *
 * @param b the graph builder
 * @param x the input
 * @param repeats one count per axis, or an int64 value
 * @param options node name
 * @returns the tiled tensor
 * @throws {ShapeError} when `repeats` does not have one entry per axis
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { tile } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * assert.deepEqual(tile(b, b.input("x", "float32", [2, 3]), [2, 1]).shape, [4, 3]);
 * ```
 */
export function tile(
  b: GraphBuilder,
  x: Value,
  repeats: readonly number[] | Value,
  options: NameOption = {},
): Value {
  const r = Array.isArray(repeats)
    ? b.constant(repeats, [repeats.length], "int64")
    : repeats as Value;
  return b.addNode(TILE, [x, r], {}, nameOpt(options))[0]!;
}
