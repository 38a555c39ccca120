/**
 * DynamicQuantizeMatMul (ONNX Runtime's `com.microsoft` contrib op, version
 * 1): `y = dequant(quant(a)) · dequant(b) + bias`, with `a` quantized to uint8
 * per tensor at run time and `b` an int8 matrix quantized ahead of time with
 * one scale per output column. ONNX Runtime runs the integer product on the
 * CPU's u8·s8 dot-product instructions (AVX-512 VNNI / AVX-VNNI where
 * present). For inference only: not differentiable.
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { fail, type OpDef } from "./_op.ts";

/** ONNX Runtime's contrib `DynamicQuantizeMatMul`: a float [..., K], b int8 [K, N] → [..., N]. */
export const DYNAMIC_QUANTIZE_MAT_MUL: OpDef = {
  type: "DynamicQuantizeMatMul",
  domain: { name: "com.microsoft", version: 1 },
  defaultName: "qmatmul",
  infer(_ctx, inputs) {
    const [a, w, scale, zeroPoint, bias] = inputs;
    if (!a || !w || !scale) fail("expects a, b and b_scale", "3 to 5 inputs", `${inputs.length}`);
    if (a.dtype !== "float32") fail(`a must be float32, got ${a.dtype}`, "float32", a.dtype);
    if (w.dtype !== "int8" || w.shape.length !== 2) {
      fail(
        "b must be a 2-D int8 matrix [K, N]",
        "int8 [K, N]",
        `${w.dtype} rank ${w.shape.length}`,
      );
    }
    const k = a.shape.at(-1);
    const [wk, n] = w.shape as [typeof k, typeof k];
    if (typeof k === "number" && typeof wk === "number" && k !== wk) {
      fail(`a has ${k} columns but b has ${wk} rows`, `K = ${wk}`, `${k}`);
    }
    for (
      const [v, what] of [[scale, "b_scale"], [zeroPoint, "b_zero_point"], [bias, "bias"]] as const
    ) {
      if (
        v && v.shape.length === 1 && typeof v.shape[0] === "number" && typeof n === "number" &&
        v.shape[0] !== n
      ) {
        fail(`${what} must have one entry per output column`, `[${n}]`, `[${v.shape[0]}]`);
      }
    }
    return [{ dtype: "float32", shape: [...a.shape.slice(0, -1), n!] }];
  },
  // Quantization is a step function: no useful gradient (inference graphs only).
  vjp: () => [undefined, undefined, undefined, undefined, undefined],
};

/**
 * `a · dequant(b) (+ bias)` with `a` quantized dynamically (uint8, per tensor)
 * and `b` int8 with per-column scales (symmetric: zero points omitted).
 *
 * @param b the graph builder
 * @param a activations [..., K] float32
 * @param weight int8 [K, N]
 * @param scale float32 [N] (or a scalar)
 * @param bias float32 [N], if any
 * @returns [..., N] float32
 * @throws {ShapeError} when the shapes or dtypes do not fit
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { dynamicQuantizeMatMul } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const g = new GraphBuilder();
 * const x = g.input("x", "float32", ["n", 2]);
 * const w = g.initializer("w", new Int8Array([1, -1, 2, 127, 0, 3]), [2, 3]);
 * const s = g.initializer("s", new Float32Array([0.1, 0.2, 0.3]), [3]);
 * assert.deepEqual(dynamicQuantizeMatMul(g, x, w, s).shape, ["n", 3]);
 * ```
 */
export function dynamicQuantizeMatMul(
  b: GraphBuilder,
  a: Value,
  weight: Value,
  scale: Value,
  bias?: Value,
): Value {
  const [y] = b.addNode(
    DYNAMIC_QUANTIZE_MAT_MUL,
    bias ? [a, weight, scale, undefined, bias] : [a, weight, scale],
  );
  return y!;
}
