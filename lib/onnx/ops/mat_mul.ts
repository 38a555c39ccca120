/**
 * MatMul: numpy-style matrix product with batch broadcasting (ONNX `MatMul`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import { type Dim, formatShape, type Value } from "../graph.ts";
import { broadcastShapes, dtypeIn, req, sameDtype } from "./_dims.ts";
import { nameOpt, type NameOption, NUMERIC } from "./_elementwise.ts";
import { fail, type OpDef } from "./_op.ts";
import { reshape } from "./reshape.ts";
import { squeeze } from "./squeeze.ts";
import { transpose } from "./transpose.ts";
import { unsqueeze } from "./unsqueeze.ts";

/** ONNX `MatMul`: shape/dtype rule and VJP (below). */
export const MAT_MUL: OpDef = {
  type: "MatMul",
  defaultName: "matmul",
  infer(ctx, inputs) {
    const a = req(inputs, 0, "A");
    const c = req(inputs, 1, "B");
    sameDtype([a, c]);
    dtypeIn(a, NUMERIC, "A");
    if (a.shape.length === 0 || c.shape.length === 0) {
      fail(
        "operands must have rank 1 or more",
        "rank >= 1",
        `${formatShape(a.shape)} and ${formatShape(c.shape)}`,
      );
    }
    const sa: Dim[] = a.shape.length === 1 ? [1, a.shape[0]!] : [...a.shape];
    const sb: Dim[] = c.shape.length === 1 ? [c.shape[0]!, 1] : [...c.shape];
    const ka = sa[sa.length - 1]!;
    const kb = sb[sb.length - 2]!;
    if (typeof ka === "number" && typeof kb === "number" && ka !== kb) {
      fail(`inner dimensions differ: ${ka} vs ${kb}`, formatShape(a.shape), formatShape(c.shape));
    }
    const batch = broadcastShapes(ctx, sa.slice(0, -2), sb.slice(0, -2));
    const out: Dim[] = [...batch];
    if (a.shape.length > 1) out.push(sa[sa.length - 2]!);
    if (c.shape.length > 1) out.push(sb[sb.length - 1]!);
    return [{ dtype: a.dtype, shape: out }];
  },
  // VJP: GI(0) = GO(0)·I(1)ᵀ, GI(1) = I(0)ᵀ·GO(0) over the last two axes (1-D operands are
  // lifted to matrices first); broadcast batch axes are summed by the caller. Saves I(0), I(1).
  vjp(b, { inputs, gradOutputs, needs }) {
    let x = inputs[0]!;
    let y = inputs[1]!;
    let go = gradOutputs[0]!;
    const xVec = x.shape.length === 1;
    const yVec = y.shape.length === 1;
    if (xVec) {
      x = unsqueeze(b, x, { axes: [0] });
      go = unsqueeze(b, go, { axes: [go.shape.length - (yVec ? 0 : 1)] });
    }
    if (yVec) {
      y = unsqueeze(b, y, { axes: [1] });
      go = unsqueeze(b, go, { axes: [go.shape.length] });
    }
    const t = (v: Value) => {
      const r = v.shape.length;
      const perm = Array.from({ length: r }, (_, i) => i);
      [perm[r - 2], perm[r - 1]] = [perm[r - 1]!, perm[r - 2]!];
      return transpose(b, v, { perm });
    };
    let gx = needs[0] ? matMul(b, go, t(y)) : undefined;
    let gy: Value | undefined;
    const [K, N] = y.shape;
    if (
      needs[1] && x.shape.length >= 3 && y.shape.length === 2 && typeof K === "number" &&
      typeof N === "number"
    ) {
      // [..., M, K]·[K, N] (a weight): one GEMM over all the flattened rows instead of one
      // [K, N] product per batch entry summed afterwards (un-broadcast ReduceSum)
      gy = matMul(b, t(reshape(b, x, [-1, K])), reshape(b, go, [-1, N]));
    } else if (needs[1]) gy = matMul(b, t(x), go);
    if (gx && xVec) gx = squeeze(b, gx, { axes: [gx.shape.length - 2] });
    if (gy && yVec) gy = squeeze(b, gy, { axes: [gy.shape.length - 1] });
    return [gx, gy];
  },
};

/**
 * Matrix product of the last two axes, broadcasting the leading (batch) axes.
 *
 * @param b the graph builder
 * @param x left operand `[..., M, K]` (or `[K]`)
 * @param y right operand `[..., K, N]` (or `[K]`)
 * @param options node name
 * @returns `[..., M, N]`
 * @throws {ShapeError} when the inner dimensions differ or batch axes do not broadcast
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { matMul } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["batch", 5, 64]);
 * const w = b.input("w", "float32", [64, 8]);
 * assert.deepEqual(matMul(b, x, w).shape, ["batch", 5, 8]);
 * ```
 */
export function matMul(b: GraphBuilder, x: Value, y: Value, options: NameOption = {}): Value {
  return b.addNode(MAT_MUL, [x, y], {}, nameOpt(options))[0]!;
}
