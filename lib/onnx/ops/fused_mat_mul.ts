/**
 * FusedMatMul: ONNX Runtime's contrib `alpha·op(A)·op(B)` over the last two
 * axes, where `op` swaps those axes when `transA`/`transB` is set; the swap
 * is read by the GEMM kernel, never written out. ONNX Runtime makes these
 * itself from MatMul(Transpose(x)) where it can, but not where its transpose
 * optimiser first merged that transpose with another one into a 4-D permute
 * (attention's keys: [B, L, H, dk] → [B, H, dk, L], a slow scattered copy),
 * so the training graph asks for the fused product directly.
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import { type Dim, formatShape, type Value } from "../graph.ts";
import { floatAttr, getFloat, getInt, intAttr } from "./_attrs.ts";
import { dtypeIn, req, sameDtype } from "./_dims.ts";
import { nameOpt, type NameOption } from "./_elementwise.ts";
import { fail, type OpDef } from "./_op.ts";

/** ORT's contrib `FusedMatMul`: shape/dtype rule and VJP (below). */
export const FUSED_MAT_MUL: OpDef = {
  type: "FusedMatMul",
  domain: { name: "com.microsoft", version: 1 },
  defaultName: "fused_matmul",
  infer(_ctx, inputs, attrs) {
    const a = req(inputs, 0, "A");
    const c = req(inputs, 1, "B");
    sameDtype([a, c]);
    dtypeIn(a, ["float32"], "A");
    const r = a.shape.length;
    if (r < 2 || c.shape.length !== r) {
      fail(
        "operands must have the same rank, 2 or more",
        `rank ${r} and ${r}`,
        `${formatShape(a.shape)} and ${formatShape(c.shape)}`,
      );
    }
    const batch = a.shape.slice(0, -2);
    c.shape.slice(0, -2).forEach((d, i) => {
      const e = batch[i]!;
      if (typeof d === "number" && typeof e === "number" && d !== e) {
        fail(
          `batch axes differ: ${formatShape(a.shape)} vs ${formatShape(c.shape)}`,
          formatShape(batch),
          formatShape(c.shape.slice(0, -2)),
        );
      }
    });
    const ta = getInt(attrs, "transA", 0);
    const tb = getInt(attrs, "transB", 0);
    const [m, ka] = ta ? [a.shape[r - 1]!, a.shape[r - 2]!] : [a.shape[r - 2]!, a.shape[r - 1]!];
    const [kb, n] = tb ? [c.shape[r - 1]!, c.shape[r - 2]!] : [c.shape[r - 2]!, c.shape[r - 1]!];
    if (typeof ka === "number" && typeof kb === "number" && ka !== kb) {
      fail(`inner dimensions differ: ${ka} vs ${kb}`, formatShape(a.shape), formatShape(c.shape));
    }
    const out: Dim[] = [...batch, m, n];
    return [{ dtype: a.dtype, shape: out }];
  },
  // VJP, with op(X) = X or X swapped on the last two axes and G = GO(0):
  //   GI(0) = alpha·G·op(B)ᵀ, or its swap op(B)·Gᵀ when transA;
  //   GI(1) = alpha·op(A)ᵀ·G, or its swap Gᵀ·op(A) when transB.
  // Each is one FusedMatMul whose flags absorb every swap. Saves A and B.
  vjp(b, { node, inputs, gradOutputs, needs }) {
    const [x, y] = [inputs[0]!, inputs[1]!];
    const g = gradOutputs[0]!;
    const alpha = getFloat(node.attributes, "alpha", 1);
    const ta = getInt(node.attributes, "transA", 0) === 1;
    const tb = getInt(node.attributes, "transB", 0) === 1;
    const o = { alpha };
    const gx = needs[0]
      ? ta
        ? fusedMatMul(b, y, g, { ...o, transA: tb, transB: true }) // op(B)·Gᵀ
        : fusedMatMul(b, g, y, { ...o, transB: !tb }) // G·op(B)ᵀ
      : undefined;
    const gy = needs[1]
      ? tb
        ? fusedMatMul(b, g, x, { ...o, transA: true, transB: ta }) // Gᵀ·op(A)
        : fusedMatMul(b, x, g, { ...o, transA: !ta }) // op(A)ᵀ·G
      : undefined;
    return [gx, gy];
  },
};

/** Options of {@linkcode fusedMatMul}. */
export interface FusedMatMulOptions extends NameOption {
  /** Swap A's last two axes. @default {false} */
  transA?: boolean;
  /** Swap B's last two axes. @default {false} */
  transB?: boolean;
  /** Scale of the product. @default {1} */
  alpha?: number;
}

/**
 * `alpha·op(A)·op(B)` over the last two axes of operands of the same batch
 * shape (ONNX Runtime's contrib `FusedMatMul`; ORT only).
 *
 * @param b the graph builder
 * @param x A `[..., M, K]` (or `[..., K, M]` with `transA`)
 * @param y B `[..., K, N]` (or `[..., N, K]` with `transB`)
 * @param options transposes, scale and node name
 * @returns `[..., M, N]`
 * @throws {ShapeError} when ranks, batch axes or inner dimensions differ
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { fusedMatMul } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const q = b.input("q", "float32", [2, 4, 10, 8]);
 * const k = b.input("k", "float32", [2, 4, 12, 8]);
 * assert.deepEqual(fusedMatMul(b, q, k, { transB: true }).shape, [2, 4, 10, 12]);
 * ```
 */
export function fusedMatMul(
  b: GraphBuilder,
  x: Value,
  y: Value,
  options: FusedMatMulOptions = {},
): Value {
  const attrs = {
    ...(options.transA ? { transA: intAttr(1) } : {}),
    ...(options.transB ? { transB: intAttr(1) } : {}),
    ...(options.alpha !== undefined && options.alpha !== 1
      ? { alpha: floatAttr(options.alpha) }
      : {}),
  };
  return b.addNode(FUSED_MAT_MUL, [x, y], attrs, nameOpt(options))[0]!;
}
