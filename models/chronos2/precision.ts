/**
 * Reduced-precision inference (issue 18). `fp32` is the model as released.
 * `int8` runs the encoder's linear layers (attention q, k, v, o and the
 * feed-forward wi, wo: 12 of every 13 multiply-adds of a layer) as ONNX
 * Runtime's `DynamicQuantizeMatMul`: weights quantized once per output channel
 * (symmetric int8, one scale per row of `W`), activations quantized per tensor
 * at run time, the product on the CPU's VNNI dot-product instructions. `bf16`
 * rounds the same weights to bfloat16 (stored as such, widened to float32
 * when ONNX Runtime loads the graph: its CPU build has no bfloat16 MatMul, so
 * bf16 changes the numbers but not the speed). Everything else stays float32:
 * the patch embeddings, the output head, RMS norms, softmax, the instance
 * normalisation and the fused singleton group attention.
 *
 * @module
 */

import type { GraphBuilder, Value } from "../../lib/onnx/mod.ts";
import { add, cast, dynamicQuantizeMatMul, matMul, transpose } from "../../lib/onnx/mod.ts";
import { GraphWeights } from "./layers/weights.ts";
import type { WeightMap } from "./weights.ts";

/** Numeric precision of inference. */
export type Precision = "fp32" | "bf16" | "int8";

/** Every precision, the default first. */
export const PRECISIONS: readonly Precision[] = ["fp32", "bf16", "int8"];

/**
 * Whether a weight is run at reduced precision: the matrices of the encoder's
 * attention projections and feed-forward layers.
 *
 * @param name state-dict name
 * @returns true for `encoder.block.<l>.layer.<i>.(self_attention.(q|k|v|o)|mlp.(wi|wo)).weight`
 * @example Usage
 * ```ts
 * import { isReducedWeight } from "@chronos-deno/chronos-deno/chronos2";
 * if (!isReducedWeight("encoder.block.3.layer.2.mlp.wi.weight")) throw new Error();
 * if (isReducedWeight("output_patch_embedding.output_layer.weight")) throw new Error();
 * ```
 */
export function isReducedWeight(name: string): boolean {
  return /^encoder\.block\.\d+\.layer\.\d+\.(self_attention\.[qkvo]|mlp\.w[io])\.weight$/.test(
    name,
  );
}

/**
 * Quantizes `W` `[out, in]` to int8 per output channel (symmetric, scale =
 * max |row| / 127), laid out transposed as `[in, out]` for `x · Wᵀ`.
 *
 * @param data row-major `[out, in]` float32
 * @param out rows
 * @param inner columns
 * @returns the int8 matrix `[in, out]` and one scale per output channel
 * @example Usage
 * ```ts
 * import { quantizePerChannel } from "@chronos-deno/chronos-deno/chronos2";
 * const q = quantizePerChannel(new Float32Array([1, -0.5, 0.25, 0.125]), 2, 2);
 * // row 0 → scale 1/127: [127, -64]; row 1 → scale 0.25/127: [127, 64]; stored [in, out]
 * if (q.weights.join() !== "127,127,-64,64") throw new Error(q.weights.join());
 * ```
 */
export function quantizePerChannel(
  data: Float32Array,
  out: number,
  inner: number,
): { weights: Int8Array; scales: Float32Array } {
  const weights = new Int8Array(out * inner);
  const scales = new Float32Array(out);
  for (let o = 0; o < out; o++) {
    let max = 0;
    for (let i = 0; i < inner; i++) max = Math.max(max, Math.abs(data[o * inner + i]!));
    const scale = max > 0 ? max / 127 : 1;
    scales[o] = scale;
    for (let i = 0; i < inner; i++) {
      const v = data[o * inner + i]! / scale;
      // halves away from zero, so that W and −W quantize to opposite values
      weights[i * out + o] = Math.max(-127, Math.min(127, Math.sign(v) * Math.round(Math.abs(v))));
    }
  }
  return { weights, scales };
}

/**
 * Rounds float32 values to bfloat16 (round to nearest, ties to even), kept
 * as their 16-bit patterns.
 *
 * @param data float32 values
 * @returns the bfloat16 bit patterns
 * @example Usage
 * ```ts
 * import { toBfloat16 } from "@chronos-deno/chronos-deno/chronos2";
 * // 1 + 2^-8 is halfway between two bfloat16 numbers: ties go to the even one, 1
 * if (toBfloat16(new Float32Array([1 + 2 ** -8, -2]))[0] !== 0x3f80) throw new Error();
 * ```
 */
export function toBfloat16(data: Float32Array): Uint16Array {
  const bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
  const out = new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const u = bits[i]!;
    if ((u & 0x7f800000) === 0x7f800000 && (u & 0x7fffff) !== 0) {
      out[i] = (u >>> 16) | 0x40; // NaN stays NaN
    } else {
      out[i] = ((u + 0x7fff + ((u >>> 16) & 1)) >>> 16) & 0xffff;
    }
  }
  return out;
}

/**
 * The weights of an inference graph at a precision: {@linkcode GraphWeights}
 * whose `linear` runs the reduced weights ({@linkcode isReducedWeight}) as
 * int8 `DynamicQuantizeMatMul` or as bfloat16 constants widened at load.
 */
export class PrecisionWeights extends GraphWeights {
  #b: GraphBuilder;
  #w: WeightMap;
  #precision: Precision;

  /**
   * Wraps a weight map: every tensor becomes a float32 initializer when first
   * used, except the reduced matrices, which `linear` stores at `precision`.
   *
   * @param b the builder
   * @param weights the float32 tensors
   * @param precision the precision of the reduced weights
   * @example Usage
   * ```ts
   * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
   * import { PrecisionWeights } from "@chronos-deno/chronos-deno/chronos2";
   * const b = new GraphBuilder();
   * const name = "encoder.block.0.layer.2.mlp.wi.weight";
   * const w = new PrecisionWeights(b, new Map([[name, { dtype: "F32", shape: [3, 2], data: new Float32Array(6).fill(0.5) }]]), "int8");
   * const y = w.linear(b.input("x", "float32", ["n", 2]), name);
   * if (y.shape.join() !== "n,3") throw new Error();
   * ```
   */
  constructor(b: GraphBuilder, weights: WeightMap, precision: Precision) {
    super(b, weights);
    this.#b = b;
    this.#w = weights;
    this.#precision = precision;
  }

  /**
   * `x·Wᵀ + b`, at reduced precision for the encoder's matrices.
   *
   * @param x input `[..., in]`
   * @param weight name of `W` `[out, in]`
   * @param bias name of `b` `[out]`, if any
   * @returns `[..., out]`
   */
  override linear(x: Value, weight: string, bias?: string): Value {
    const t = this.#w.get(weight);
    if (this.#precision === "fp32" || !t || t.shape.length !== 2 || !isReducedWeight(weight)) {
      return super.linear(x, weight, bias);
    }
    const b = this.#b;
    const [out, inner] = t.shape as [number, number];
    let y: Value;
    if (this.#precision === "int8") {
      const q = quantizePerChannel(t.data, out, inner);
      const wq = b.initializer(`${weight}.int8`, q.weights, [inner, out]);
      const ws = b.initializer(`${weight}.scale`, q.scales, [out]);
      y = dynamicQuantizeMatMul(b, x, wq, ws);
    } else {
      const w16 = b.initializer(`${weight}.bf16`, toBfloat16(t.data), [out, inner]);
      // Cast and Transpose of a constant: folded once when ONNX Runtime loads the graph.
      const wt = b.scope(
        weight.replaceAll(".", "_"),
        () => transpose(b, cast(b, w16, { to: "float32" }), { perm: [1, 0] }),
      );
      y = matMul(b, x, wt);
    }
    return bias ? add(b, y, this.get(bias)) : y;
  }
}
