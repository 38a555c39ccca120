/**
 * Dropout, built from standard ops so that ONNX Runtime keeps it and autodiff
 * needs no special rule.
 *
 * Why not the ONNX `Dropout` node: ORT's graph optimiser (level "basic" and up)
 * removes Dropout nodes even when `training_mode` is true (checked with
 * onnxruntime-node 1.30), so a training graph would silently run without dropout.
 * The builder therefore emits `x · Cast(keep) · 1/(1 − ratio)` where `keep` is
 * - a fed keep-mask (`mask`: bool or float, broadcastable to `x`), drawn in
 *   TypeScript from a seeded generator: exactly reproducible and resumable (the
 *   recommended way to train), or
 * - `RandomUniformLike(x) >= ratio` drawn inside the graph (`training: true` or a
 *   bool scalar value that switches dropout on at run time).
 * Gradients flow through Mul/Where by their own rules; the mask gets none.
 *
 * The `Dropout` op definition stays in the registry (shape rule and VJP using its
 * mask output O(1)) for imported graphs that contain it; run those with
 * `graphOptimization: "disabled"` if dropout must really happen.
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { dtypeIn, req } from "./_dims.ts";
import { FLOATS, nameOpt, type NameOption } from "./_elementwise.ts";
import { fail, type OpDef } from "./_op.ts";
import { cast } from "./cast.ts";
import { lessOrEqual } from "./less_or_equal.ts";
import { randomUniformLike } from "./random_uniform_like.ts";
import { mul } from "./mul.ts";
import { reciprocal } from "./reciprocal.ts";
import { sub } from "./sub.ts";
import { where } from "./where.ts";

/** ONNX `Dropout`: shape/dtype rule and VJP. */
export const DROPOUT: OpDef = {
  type: "Dropout",
  defaultName: "dropout",
  infer(_ctx, inputs) {
    const x = req(inputs, 0, "data");
    dtypeIn(x, FLOATS, "data");
    const r = inputs[1];
    if (r && r.shape.length !== 0) fail("ratio must be a scalar");
    const t = inputs[2];
    if (t && (t.dtype !== "bool" || t.shape.length !== 0)) {
      fail("training_mode must be a bool scalar");
    }
    return [{ dtype: x.dtype, shape: [...x.shape] }, { dtype: "bool", shape: [...x.shape] }];
  },
  // VJP: GI(0) = GO(0)·Cast(O(1))·s with s = 1/(1 − I(1)) in training mode, else 1.
  // Saves O(1) (the mask), I(1) (ratio), I(2) (training_mode).
  vjp(b, { inputs, outputs, gradOutputs }) {
    const go = gradOutputs[0];
    if (!go) return [undefined];
    const x = inputs[0]!;
    const training = inputs[2];
    if (!training) return [go];
    const tc = b.constantOf(training);
    if (tc && !tc.data[0]) return [go];
    const ratio = inputs[1] ?? b.constant([0.5], [], x.dtype);
    const rc = b.constantOf(ratio);
    const keep = cast(b, outputs[1]!, { to: x.dtype });
    const scale = rc
      ? b.constant([1 / (1 - Number(rc.data[0]))], [], x.dtype)
      : reciprocal(b, sub(b, 1, ratio));
    const s = tc ? scale : where(b, training, scale, 1);
    return [mul(b, mul(b, go, keep), s)];
  },
};

/** Options of {@linkcode dropout}. */
export interface DropoutOptions extends NameOption {
  /** Probability of dropping an element. @default 0.1 */
  ratio?: number;
  /** Training mode: a constant, or a bool scalar value to switch at run time. @default false */
  training?: boolean | Value;
  /** A fed keep-mask (bool or float, broadcastable to x); replaces the Dropout node. */
  mask?: Value;
  /** Seed of the in-graph generator (no fed mask). */
  seed?: number;
}

/**
 * Dropout: in training, zeroes elements with probability `ratio` and scales the rest by
 * 1/(1 − ratio); otherwise returns `x` (no node is added when `training` is `false`).
 *
 * @param b the graph builder
 * @param x the input
 * @param options ratio, training, mask, seed and node name
 * @returns the output, shaped as `x`
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { dropout } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["b", 8]);
 * const train = b.input("train", "bool", []);
 * assert.deepEqual(dropout(b, x, { ratio: 0.1, training: train }).shape, ["b", 8]);
 * assert.equal(dropout(b, x, { training: false }), x);
 * ```
 */
export function dropout(b: GraphBuilder, x: Value, options: DropoutOptions = {}): Value {
  const ratio = options.ratio ?? 0.1;
  if (!(ratio >= 0 && ratio < 1)) {
    throw new RangeError(`Cannot build Dropout: ratio must be in [0, 1), got ${ratio}`);
  }
  if (options.mask) {
    // the mask scaled once (a bool mask picks 1/(1 − ratio) or 0), then one product: the
    // same values as (x·mask)·scale for a 0/1 mask, with one pass over x less each way
    const scale = 1 / (1 - ratio);
    const m = options.mask.dtype === "bool"
      ? where(b, options.mask, b.constant([scale], [], x.dtype), b.constant([0], [], x.dtype))
      : mul(
        b,
        options.mask.dtype === x.dtype ? options.mask : cast(b, options.mask, { to: x.dtype }),
        scale,
      );
    return mul(b, x, m, nameOpt(options));
  }
  const training = options.training ?? false;
  if (training === false || ratio === 0) return x;
  const u = randomUniformLike(b, x, options.seed === undefined ? {} : { seed: options.seed });
  const keep = cast(b, lessOrEqual(b, ratio, u), { to: x.dtype });
  const scaled = mul(b, keep, 1 / (1 - ratio));
  const factor = training === true ? scaled : where(b, training, scaled, 1);
  return mul(b, x, factor, nameOpt(options));
}
