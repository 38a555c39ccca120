/**
 * Concat: joins tensors along one axis (ONNX `Concat`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import { type Dim, formatShape, type Value } from "../graph.ts";
import { getInt, intAttr } from "./_attrs.ts";
import { normAxis, sameDtype } from "./_dims.ts";
import { nameOpt, type NameOption } from "./_elementwise.ts";
import { fail, type OpDef } from "./_op.ts";
import { add } from "./add.ts";
import { shape } from "./shape.ts";
import { slice } from "./slice.ts";

function asVec(b: GraphBuilder, n: number | Value): Value {
  return typeof n === "number" ? b.constant([n], [1], "int64") : n;
}

function asList(b: GraphBuilder, n: number | Value): number[] | Value {
  return typeof n === "number" ? [n] : asVec(b, n);
}

/** ONNX `Concat`: shape/dtype rule and VJP. */
export const CONCAT: OpDef = {
  type: "Concat",
  defaultName: "concat",
  infer(ctx, inputs, attrs) {
    const xs = inputs.filter((v): v is Value => v !== undefined);
    if (xs.length === 0) fail("needs at least one input", "1 or more inputs", "0");
    sameDtype(xs);
    const rank = xs[0]!.shape.length;
    const axis = normAxis(getInt(attrs, "axis", 0), rank);
    const shape: Dim[] = [...xs[0]!.shape];
    let total: number | undefined = 0;
    for (const x of xs) {
      if (x.shape.length !== rank) {
        fail(
          `inputs have different ranks: ${formatShape(xs[0]!.shape)} vs ${formatShape(x.shape)}`,
          `rank ${rank}`,
          `rank ${x.shape.length}`,
        );
      }
      x.shape.forEach((d, i) => {
        if (i === axis) return;
        const s = shape[i]!;
        if (typeof s === "number" && typeof d === "number" && s !== d) {
          fail(
            `dimension ${i} differs: ${formatShape(xs[0]!.shape)} vs ${formatShape(x.shape)}`,
            formatShape(xs[0]!.shape),
            formatShape(x.shape),
          );
        }
        if (typeof s !== "number" && typeof d === "number") shape[i] = d;
      });
      const d = x.shape[axis]!;
      total = typeof d === "number" && total !== undefined ? total + d : undefined;
    }
    if (total !== undefined) shape[axis] = total;
    else {
      const nonZero = xs.map((x) => x.shape[axis]!).filter((d) => d !== 0);
      shape[axis] = nonZero.length === 1 ? nonZero[0]! : ctx.unknownDim();
    }
    let dims: Dim[] | undefined;
    if (rank === 1 && xs[0]!.dtype === "int64") {
      dims = [];
      for (const x of xs) {
        const d = ctx.dimsOf(x);
        if (!d) {
          dims = undefined;
          break;
        }
        dims.push(...d);
      }
    }
    return [{ dtype: xs[0]!.dtype, shape, ...(dims ? { dims } : {}) }];
  },
  // VJP: GI(i) = Slice(GO(0), offset_i, offset_i + len_i) along the axis; offsets come from
  // static lengths, or from Shape(I(i)) when a length is symbolic. Saves the shapes of I(i).
  vjp(b, { node, inputs, gradOutputs, needs }) {
    const go = gradOutputs[0]!;
    const rank = go.shape.length;
    const axis = getInt(node.attributes, "axis", 0) < 0
      ? getInt(node.attributes, "axis", 0) + rank
      : getInt(node.attributes, "axis", 0);
    let start: number | Value = 0;
    return inputs.map((x, i) => {
      if (!x) return undefined;
      const d = x.shape[axis]!;
      const len: number | Value = typeof d === "number"
        ? d
        : shape(b, x, { start: axis, end: axis + 1 });
      const end: number | Value = typeof start === "number" && typeof len === "number"
        ? start + len
        : add(b, asVec(b, start), asVec(b, len));
      const g = needs[i]
        ? slice(b, go, { starts: asList(b, start), ends: asList(b, end), axes: [axis] })
        : undefined;
      start = end;
      return g;
    });
  },
};

/** Options of {@linkcode concat}. */
export interface ConcatOptions extends NameOption {
  /** Axis to join along (negative counts from the end). */
  axis: number;
}

/**
 * Joins tensors along `axis`; the other dims must agree.
 *
 * @param b the graph builder
 * @param xs the tensors
 * @param options axis and node name
 * @returns the joined tensor
 * @throws {ShapeError} when ranks or other dims differ
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { concat } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["b", 3]);
 * const y = b.input("y", "float32", ["b", 5]);
 * assert.deepEqual(concat(b, [x, y], { axis: 1 }).shape, ["b", 8]);
 * ```
 */
export function concat(b: GraphBuilder, xs: readonly Value[], options: ConcatOptions): Value {
  return b.addNode(CONCAT, xs, { axis: intAttr(options.axis) }, nameOpt(options))[0]!;
}
