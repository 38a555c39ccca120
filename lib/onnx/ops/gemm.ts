/**
 * Gemm: `Y = alpha·op(A)·op(B) + beta·C` on matrices, where `op` transposes
 * when `transA`/`transB` is set (ONNX `Gemm`). The transposes are read by the
 * GEMM kernel, never written out, which is why the training graph forms its
 * linear layers and their weight gradients with it.
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import { formatShape, type Value } from "../graph.ts";
import { floatAttr, getFloat, getInt, intAttr } from "./_attrs.ts";
import { dtypeIn, req, sameDtype } from "./_dims.ts";
import { nameOpt, type NameOption } from "./_elementwise.ts";
import { fail, type OpDef } from "./_op.ts";
import { mul } from "./mul.ts";

const FLOATS = ["float32", "float64"] as const;

/** ONNX `Gemm`: shape/dtype rule and VJP (below). */
export const GEMM: OpDef = {
  type: "Gemm",
  defaultName: "gemm",
  infer(_ctx, inputs, attrs) {
    const a = req(inputs, 0, "A");
    const c = req(inputs, 1, "B");
    const bias = inputs[2];
    sameDtype(bias ? [a, c, bias] : [a, c]);
    dtypeIn(a, FLOATS, "A");
    if (a.shape.length !== 2 || c.shape.length !== 2) {
      fail(
        "operands must be matrices",
        "rank 2",
        `${formatShape(a.shape)} and ${formatShape(c.shape)}`,
      );
    }
    const ta = getInt(attrs, "transA", 0);
    const tb = getInt(attrs, "transB", 0);
    const [m, ka] = ta ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
    const [kb, n] = tb ? [c.shape[1]!, c.shape[0]!] : [c.shape[0]!, c.shape[1]!];
    if (typeof ka === "number" && typeof kb === "number" && ka !== kb) {
      fail(`inner dimensions differ: ${ka} vs ${kb}`, formatShape(a.shape), formatShape(c.shape));
    }
    if (bias && bias.shape.length > 2) {
      fail("C must broadcast to the output matrix", "rank <= 2", formatShape(bias.shape));
    }
    return [{ dtype: a.dtype, shape: [m, n] }];
  },
  // VJP, with op(X) = X or Xᵀ and G = GO(0):
  //   GI(0) = alpha·G·op(B)ᵀ, or its transpose [K, M] when transA;
  //   GI(1) = alpha·op(A)ᵀ·G, or its transpose [N, K] when transB;
  //   GI(2) = beta·G (summed to C's shape by the caller).
  // Each is one Gemm whose flags absorb every transpose. Saves A and B.
  vjp(b, { node, inputs, gradOutputs, needs }) {
    const [x, y] = [inputs[0]!, inputs[1]!];
    const g = gradOutputs[0]!;
    const alpha = getFloat(node.attributes, "alpha", 1);
    const beta = getFloat(node.attributes, "beta", 1);
    const ta = getInt(node.attributes, "transA", 0);
    const tb = getInt(node.attributes, "transB", 0);
    const o = { alpha };
    let gx: Value | undefined;
    let gy: Value | undefined;
    if (needs[0]) {
      gx = ta
        ? gemm(b, y, g, { ...o, transA: tb === 1, transB: true }) // op(B)·Gᵀ: [K, M]
        : gemm(b, g, y, { ...o, transB: tb === 0 }); // G·op(B)ᵀ: [M, K]
    }
    if (needs[1]) {
      gy = tb
        ? gemm(b, g, x, { ...o, transA: true, transB: ta === 1 }) // Gᵀ·op(A): [N, K]
        : gemm(b, x, g, { ...o, transA: ta === 0 }); // op(A)ᵀ·G: [K, N]
    }
    const gc = needs[2] ? (beta === 1 ? g : mul(b, g, beta)) : undefined;
    return [gx, gy, gc];
  },
};

/** Options of {@linkcode gemm}. */
export interface GemmOptions extends NameOption {
  /** Use Aᵀ (A given as [K, M]). @default {false} */
  transA?: boolean;
  /** Use Bᵀ (B given as [N, K]). @default {false} */
  transB?: boolean;
  /** Scale of the product. @default {1} */
  alpha?: number;
  /** Scale of C. @default {1} */
  beta?: number;
  /** C, broadcast to [M, N] (a bias row [N], say). */
  c?: Value;
}

/**
 * General matrix product `alpha·op(A)·op(B) + beta·C`.
 *
 * @param b the graph builder
 * @param x A: [M, K], or [K, M] with `transA`
 * @param y B: [K, N], or [N, K] with `transB`
 * @param options transposes, scales, C and node name
 * @returns [M, N]
 * @throws {ShapeError} when an operand is not a matrix or the inner dimensions differ
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { gemm } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", [272, 768]);
 * const w = b.input("w", "float32", [3072, 768]); // a linear layer's [out, in] weight
 * assert.deepEqual(gemm(b, x, w, { transB: true }).shape, [272, 3072]);
 * ```
 */
export function gemm(b: GraphBuilder, x: Value, y: Value, options: GemmOptions = {}): Value {
  const attrs = {
    ...(options.transA ? { transA: intAttr(1) } : {}),
    ...(options.transB ? { transB: intAttr(1) } : {}),
    ...(options.alpha !== undefined && options.alpha !== 1
      ? { alpha: floatAttr(options.alpha) }
      : {}),
    ...(options.beta !== undefined && options.beta !== 1 ? { beta: floatAttr(options.beta) } : {}),
  };
  const inputs = options.c ? [x, y, options.c] : [x, y];
  return b.addNode(GEMM, inputs, attrs, nameOpt(options))[0]!;
}
