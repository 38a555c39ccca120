/**
 * Dropout (ONNX `Dropout`, opset 13: ratio and training_mode as inputs, mask output),
 * or, with a fed mask, the same computation from Mul nodes.
 *
 * Two ways to train with dropout:
 * - `training: true` (or a bool value): ORT draws the mask itself (optionally seeded
 *   with `seed`); the VJP reuses the node's mask output O(1). Reproducible only as far
 *   as ORT's generator is.
 * - `mask`: the caller feeds a keep-mask (bool or float, broadcastable to `x`), e.g.
 *   drawn from a seeded generator in TypeScript, and the output is `x·mask/(1 − ratio)`
 *   built from Cast and Mul, differentiated by their own rules. Use this when runs
 *   must be exactly reproducible or resumable.
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { intAttr } from "./_attrs.ts";
import { dtypeIn, req } from "./_dims.ts";
import { FLOATS, nameOpt, type NameOption } from "./_elementwise.ts";
import { fail, type OpDef } from "./_op.ts";
import { cast } from "./cast.ts";
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
  /** Seed for ORT's generator (Dropout node only). */
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
 * import { GraphBuilder } from "../builder.ts";
 * import { dropout } from "./dropout.ts";
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
    const m = options.mask.dtype === x.dtype
      ? options.mask
      : cast(b, options.mask, { to: x.dtype });
    return mul(b, mul(b, x, m), 1 / (1 - ratio), nameOpt(options));
  }
  const training = options.training ?? false;
  if (training === false) return x;
  const t = training === true ? b.constant([1], [], "bool") : training;
  const attrs = options.seed === undefined ? {} : { seed: intAttr(options.seed) };
  return b.addNode(DROPOUT, [x, b.constant([ratio], [], x.dtype), t], attrs, {
    ...nameOpt(options),
    outputs: 2,
  })[0]!;
}
