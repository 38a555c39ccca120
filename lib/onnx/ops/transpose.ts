/**
 * Transpose: permutes axes (ONNX `Transpose`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import { formatShape, type Value } from "../graph.ts";
import { getInts, intsAttr } from "./_attrs.ts";
import { req } from "./_dims.ts";
import { nameOpt, type NameOption } from "./_elementwise.ts";
import { fail, type OpDef } from "./_op.ts";

/** ONNX `Transpose`: shape/dtype rule and VJP (below). */
export const TRANSPOSE: OpDef = {
  type: "Transpose",
  defaultName: "transpose",
  infer(_ctx, inputs, attrs) {
    const x = req(inputs, 0, "data");
    const rank = x.shape.length;
    const perm = getInts(attrs, "perm") ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
    const sorted = [...perm].sort((p, q) => p - q);
    if (perm.length !== rank || sorted.some((p, i) => p !== i)) {
      fail(
        `perm [${perm.join(", ")}] is not a permutation of the ${rank} axes of ${
          formatShape(x.shape)
        }`,
        `a permutation of 0..${rank - 1}`,
        `[${perm.join(", ")}]`,
      );
    }
    return [{ dtype: x.dtype, shape: perm.map((p) => x.shape[p]!) }];
  },
  // VJP: GI(0) = Transpose(GO(0), inverse perm). Saves nothing.
  vjp(b, { node, inputs, gradOutputs }) {
    const rank = inputs[0]!.shape.length;
    const perm = getInts(node.attributes, "perm") ??
      Array.from({ length: rank }, (_, i) => rank - 1 - i);
    const inv = new Array<number>(rank);
    perm.forEach((p, i) => (inv[p] = i));
    return [transpose(b, gradOutputs[0]!, { perm: inv })];
  },
};

/** Options of {@linkcode transpose}. */
export interface TransposeOptions extends NameOption {
  /** Output axis i takes input axis perm[i]. @default reversed axes */
  perm?: readonly number[];
}

/**
 * Permutes the axes of `x`.
 *
 * @param b the graph builder
 * @param x the input
 * @param options perm and node name
 * @returns the transposed tensor
 * @throws {ShapeError} when `perm` is not a permutation of the axes
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { transpose } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["b", 5, 4, 16]);
 * assert.deepEqual(transpose(b, x, { perm: [0, 2, 1, 3] }).shape, ["b", 4, 5, 16]);
 * ```
 */
export function transpose(b: GraphBuilder, x: Value, options: TransposeOptions = {}): Value {
  const attrs = options.perm ? { perm: intsAttr(options.perm) } : {};
  return b.addNode(TRANSPOSE, [x], attrs, nameOpt(options))[0]!;
}
