/**
 * Reshape with ONNX 0/-1 semantics (ONNX `Reshape`, allowzero 0).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import { type Dim, formatShape, type Value } from "../graph.ts";
import { dtypeIn, req } from "./_dims.ts";
import { nameOpt, type NameOption } from "./_elementwise.ts";
import { fail, type InferContext, type OpDef } from "./_op.ts";
import { shapeInput } from "./_grad.ts";

function inferMinusOne(ctx: InferContext, input: readonly Dim[], others: readonly Dim[]): Dim {
  const num = [...input];
  let denom = 1;
  for (const d of others) {
    if (typeof d === "number") {
      denom *= d;
      continue;
    }
    const i = num.indexOf(d);
    if (i < 0) return ctx.unknownDim();
    num.splice(i, 1);
  }
  const symbols = num.filter((d) => typeof d !== "number");
  const numeric = num.filter((d): d is number => typeof d === "number").reduce((a, d) => a * d, 1);
  if (symbols.length === 0) {
    if (denom === 0 || numeric % denom !== 0) {
      fail(
        `cannot reshape ${
          formatShape(input)
        } (${numeric} elements) to a shape with ${denom} elements per -1 entry`,
        `a multiple of ${denom} elements`,
        `${numeric}`,
      );
    }
    return numeric / denom;
  }
  if (symbols.length === 1 && numeric === denom) return symbols[0]!;
  return ctx.unknownDim();
}

/** ONNX `Reshape`: shape/dtype rule and VJP (below). */
export const RESHAPE: OpDef = {
  type: "Reshape",
  defaultName: "reshape",
  infer(ctx, inputs) {
    const x = req(inputs, 0, "data");
    const s = req(inputs, 1, "shape");
    dtypeIn(s, ["int64"], "shape");
    const target = ctx.dimsOf(s);
    if (!target) {
      const r = s.shape[0];
      if (s.shape.length !== 1 || typeof r !== "number") {
        fail(
          "the rank of the target shape must be known",
          "1-D shape of known length",
          formatShape(s.shape),
        );
      }
      return [{ dtype: x.dtype, shape: Array.from({ length: r }, () => ctx.unknownDim()) }];
    }
    const out: Dim[] = target.map((d, i) => {
      if (d !== 0) return d;
      const src = x.shape[i];
      if (src === undefined) fail(`shape entry ${i} is 0 but the input has rank ${x.shape.length}`);
      return src;
    });
    const minus = out.filter((d) => d === -1).length;
    if (minus > 1) fail("at most one shape entry may be -1", "one -1", formatShape(target));
    if (minus === 1) {
      const at = out.indexOf(-1);
      out[at] = inferMinusOne(ctx, x.shape, out.filter((_, i) => i !== at));
    } else {
      const a = x.shape.every((d) => typeof d === "number")
        ? (x.shape as number[]).reduce((p, d) => p * d, 1)
        : undefined;
      const c = out.every((d) => typeof d === "number")
        ? (out as number[]).reduce((p, d) => p * d, 1)
        : undefined;
      if (a !== undefined && c !== undefined && a !== c) {
        fail(
          `cannot reshape ${formatShape(x.shape)} (${a} elements) to ${
            formatShape(out)
          } (${c} elements)`,
          formatShape(x.shape),
          formatShape(out),
        );
      }
    }
    for (const d of out) if (typeof d === "number" && d < 0) fail(`invalid shape entry ${d}`);
    return [{ dtype: x.dtype, shape: out }];
  },
  // VJP: GI(0) = Reshape(GO(0), Shape(I(0))). Saves the shape of I(0).
  vjp: (b, { inputs, gradOutputs }) => [reshapeLike(b, gradOutputs[0]!, inputs[0]!), undefined],
};

/**
 * Reshapes `x`; in a `number[]` shape, 0 copies the input dim and -1 is inferred.
 *
 * @param b the graph builder
 * @param x the input
 * @param shape the target shape, as numbers or as an int64 value
 * @param options node name
 * @returns the reshaped tensor
 * @throws {ShapeError} when the element counts cannot agree
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { reshape } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["batch", 6, 64]);
 * assert.deepEqual(reshape(b, x, [0, 0, 4, 16]).shape, ["batch", 6, 4, 16]);
 * assert.deepEqual(reshape(b, x, [0, -1]).shape, ["batch", 384]);
 * ```
 */
export function reshape(
  b: GraphBuilder,
  x: Value,
  shape: readonly number[] | Value,
  options: NameOption = {},
): Value {
  const s = Array.isArray(shape) ? b.constant(shape, [shape.length], "int64") : shape as Value;
  return b.addNode(RESHAPE, [x, s], {}, nameOpt(options))[0]!;
}

/**
 * Reshapes `g` to the shape of `like` (the VJP of every shape-only op).
 *
 * @param b the graph builder
 * @param g the value to reshape
 * @param like the value whose shape `g` takes
 * @returns `g` reshaped
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { reshapeLike } from "./reshape.ts";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const g = b.input("g", "float32", [6]);
 * const like = b.input("x", "float32", [2, 3]);
 * assert.deepEqual(reshapeLike(b, g, like).shape, [2, 3]);
 * ```
 */
export function reshapeLike(b: GraphBuilder, g: Value, like: Value): Value {
  return reshape(b, g, shapeInput(b, like));
}
