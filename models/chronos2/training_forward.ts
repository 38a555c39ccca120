/**
 * The Chronos-2 forward pass (spec §2.2 (a)–(k)) as graph nodes for
 * training: weights come from a lookup (so trainable ones can be graph inputs
 * and LoRA targets `W + s·B·A`), and every official dropout site calls a hook
 * (a fed keep-mask in training, nothing in validation). Shapes are static:
 * `rows`, the padded context length and the output patches are fixed when the
 * graph is built. Ops are unfused standard ops, so the autodiff can
 * differentiate everything. Outputs the normalised quantiles (before sinh and
 * de-normalisation) and the per-row loc/scale the loss needs.
 *
 * It reuses the model team's layer functions where no hook is needed
 * (`rmsNorm`, `applyRope`, `inverseFrequencies`); attention and the residual
 * blocks are local because they need the dropout hook and the weight lookup.
 *
 * Dropout sites (as upstream): input residual block output (context and
 * future patches), encoder input, attention probabilities and residual branch
 * of both attentions, feed-forward hidden and residual branch, final norm
 * output, output residual block output.
 *
 * @module
 */

import type { GraphBuilder } from "../../lib/onnx/builder.ts";
import type { Value } from "../../lib/onnx/graph.ts";
import {
  add,
  asinh,
  cast,
  concat,
  div,
  equal,
  expand,
  greater,
  isNaN as isNanOp,
  matMul,
  max,
  mul,
  not,
  pad,
  reduceSum,
  relu,
  reshape,
  slice,
  softmax,
  sqrt,
  sub,
  transpose,
  unsqueeze,
  where,
} from "../../lib/onnx/ops/mod.ts";
import type { Chronos2Config } from "./config.ts";
import { rmsNorm } from "./layers/rms_norm.ts";
import { applyRope, inverseFrequencies } from "./layers/rope.ts";

/** Returns the graph value of a weight by its official name. */
export type WeightLookup = (name: string) => Value;

/** Applies dropout at one site: `site` names it, `x` is the activation. */
export type DropoutHook = (site: string, x: Value) => Value;

/** Sizes of a training forward graph. */
export interface ForwardShape {
  /** Rows of every batch (targets and covariates of all tasks). */
  rows: number;
  /** Context length of the input, a multiple of the patch size (left-pad with NaN). */
  length: number;
  /** Output patches n (forecast steps n·16). */
  numOutputPatches: number;
  /** Known-future-covariate length H (≤ n·16). */
  futureLength: number;
}

/** The forward's outputs. */
export interface ForwardValues {
  /** Normalised quantiles [rows, Q, n·16]. */
  quantilesNormalized: Value;
  /** Per-row loc [rows, 1]. */
  loc: Value;
  /** Per-row scale [rows, 1]. */
  scale: Value;
}

const F32_MIN = -3.4028234663852886e38;

function linear(b: GraphBuilder, x: Value, w: Value, bias?: Value): Value {
  const y = matMul(b, x, transpose(b, w, { perm: [1, 0] }));
  return bias ? add(b, y, bias) : y;
}

function residualBlock(
  b: GraphBuilder,
  x: Value,
  W: WeightLookup,
  prefix: string,
  drop: (y: Value) => Value,
): Value {
  const hid = relu(
    b,
    linear(b, x, W(`${prefix}.hidden_layer.weight`), W(`${prefix}.hidden_layer.bias`)),
  );
  const out = drop(
    linear(b, hid, W(`${prefix}.output_layer.weight`), W(`${prefix}.output_layer.bias`)),
  );
  return add(
    b,
    out,
    linear(b, x, W(`${prefix}.residual_layer.weight`), W(`${prefix}.residual_layer.bias`)),
  );
}

/** Constant RoPE tables [S, dk] (positions are static here), angles fp32 as upstream. */
function ropeConstants(
  S: number,
  dk: number,
  theta: number,
): { cos: Float32Array; sin: Float32Array } {
  const half = dk / 2;
  const inv = inverseFrequencies(dk, theta);
  const cos = new Float32Array(S * dk);
  const sin = new Float32Array(S * dk);
  for (let s = 0; s < S; s++) {
    for (let i = 0; i < half; i++) {
      const a = Math.fround(Math.fround(s) * inv[i]!);
      cos[s * dk + i] = cos[s * dk + i + half] = Math.cos(a);
      sin[s * dk + i] = sin[s * dk + i + half] = Math.sin(a);
    }
  }
  return { cos, sin };
}

/**
 * Multi-head attention over the second-to-last axis of `n` [A, L, D]:
 * q/k/v projections, optional RoPE, scores without 1/√dk, additive mask,
 * softmax, dropout on the probabilities, merge, output projection.
 */
function attention(
  b: GraphBuilder,
  n: Value,
  W: WeightLookup,
  prefix: string,
  cfg: Chronos2Config,
  mask: Value,
  rope: { cos: Value; sin: Value } | undefined,
  drop: DropoutHook,
): Value {
  const H = cfg.numHeads;
  const dk = cfg.dKv;
  const heads = (v: Value) => transpose(b, reshape(b, v, [0, 0, H, dk]), { perm: [0, 2, 1, 3] });
  let q = heads(linear(b, n, W(`${prefix}.q.weight`)));
  let k = heads(linear(b, n, W(`${prefix}.k.weight`)));
  const v = heads(linear(b, n, W(`${prefix}.v.weight`)));
  if (rope) {
    q = applyRope(b, q, rope, dk);
    k = applyRope(b, k, rope, dk);
  }
  const scores = add(b, matMul(b, q, transpose(b, k, { perm: [0, 1, 3, 2] })), mask);
  const probs = drop(`${prefix}.probs`, softmax(b, scores, { axis: -1 }));
  const ctx = transpose(b, matMul(b, probs, v), { perm: [0, 2, 1, 3] });
  return linear(b, reshape(b, ctx, [0, 0, H * dk]), W(`${prefix}.o.weight`));
}

/**
 * Adds the Chronos-2 forward pass to `b`.
 *
 * @param b the graph builder
 * @param cfg the model config
 * @param inputs context [rows, length], group ids [rows] (int64), known future covariates [rows, H]
 * @param shape fixed sizes
 * @param W weight lookup by official name
 * @param drop dropout hook (identity for no dropout)
 * @returns normalised quantiles and loc/scale
 * @throws {RangeError} when the length is not a multiple of the patch size
 * @example Usage
 * ```ts ignore
 * const out = buildTrainingForward(b, cfg, { context, groupIds, futureCovariates },
 *   { rows: 8, length: 512, numOutputPatches: 1, futureLength: 16 }, W, (_, x) => x);
 * ```
 */
export function buildTrainingForward(
  b: GraphBuilder,
  cfg: Chronos2Config,
  inputs: { context: Value; groupIds: Value; futureCovariates: Value },
  shape: ForwardShape,
  W: WeightLookup,
  drop: DropoutHook,
): ForwardValues {
  const P = cfg.chronos.inputPatchSize;
  const { rows: R, length: T, numOutputPatches: n, futureLength: Hf } = shape;
  if (T % P !== 0) throw new RangeError(`Context length ${T} must be a multiple of ${P}`);
  const N = T / P;
  const S = N + 1 + n;
  const D = cfg.dModel;
  const tes = cfg.chronos.timeEncodingScale;
  const eps = cfg.layerNormEpsilon;

  // (b) instance normalisation, (c) patching
  const { context: x } = inputs;
  const missing = isNanOp(b, x);
  const m = cast(b, not(b, missing), { to: "float32" });
  const count = reduceSum(b, m, { axes: [1], keepdims: true });
  const denom = max(b, count, 1);
  const loc = div(b, reduceSum(b, where(b, missing, 0, x), { axes: [1], keepdims: true }), denom);
  const dev = where(b, missing, 0, sub(b, x, loc));
  const std = sqrt(b, div(b, reduceSum(b, mul(b, dev, dev), { axes: [1], keepdims: true }), denom));
  const scale = where(b, equal(b, count, 0), 1, where(b, equal(b, std, 0), 1e-5, std));
  const z = asinh(b, div(b, sub(b, x, loc), scale));
  const pz = reshape(b, where(b, missing, 0, z), [R, N, P]);
  const pm = reshape(b, m, [R, N, P]);
  const patchValid = cast(b, greater(b, reduceSum(b, pm, { axes: [2], keepdims: false }), 0), {
    to: "float32",
  });
  const teCtx = b.constant(Float32Array.from({ length: T }, (_, i) => (i - T) / tes), [1, N, P]);
  const ctxFeat = concat(b, [expand(b, teCtx, [R, N, P]), pz, pm], { axis: 2 });

  // (g) future patches: known future covariates normalised with the row's loc/scale
  const fz = asinh(b, div(b, sub(b, inputs.futureCovariates, loc), scale));
  const fKnown = not(b, isNanOp(b, fz));
  let fv = where(b, fKnown, fz, 0);
  let fm = cast(b, fKnown, { to: "float32" });
  if (n * P > Hf) {
    // full-rank pads (no `axes` input): ORT's transpose optimizer mishandles Pad with axes
    fv = pad(b, fv, { pads: [0, 0, 0, n * P - Hf] });
    fm = pad(b, fm, { pads: [0, 0, 0, n * P - Hf] });
  }
  const teFut = b.constant(Float32Array.from({ length: n * P }, (_, i) => i / tes), [1, n, P]);
  const futFeat = concat(
    b,
    [expand(b, teFut, [R, n, P]), reshape(b, fv, [R, n, P]), reshape(b, fm, [R, n, P])],
    { axis: 2 },
  );

  // (e) input embedding, (f) [REG], (h) sequence and masks
  const embed = (feat: Value, site: string) =>
    b.scope(
      site,
      () =>
        residualBlock(b, feat, W, "input_patch_embedding", (y) =>
          drop(`input_patch_embedding.${site}`, y)),
    );
  const reg = slice(b, W("shared.weight"), {
    starts: [cfg.regTokenId],
    ends: [cfg.regTokenId + 1],
    axes: [0],
  });
  let h = concat(b, [
    embed(ctxFeat, "context"),
    expand(b, reshape(b, reg, [1, 1, D]), [R, 1, D]),
    embed(futFeat, "future"),
  ], { axis: 1 });
  h = drop("encoder.input", h);
  const amask = concat(b, [
    patchValid,
    b.constant(new Float32Array(R * (1 + n)).fill(1), [R, 1 + n]),
  ], {
    axis: 1,
  });
  const timeMask = reshape(b, mul(b, sub(b, 1, amask), F32_MIN), [R, 1, 1, S]);
  const sameGroup = cast(
    b,
    equal(
      b,
      unsqueeze(b, inputs.groupIds, { axes: [1] }),
      unsqueeze(b, inputs.groupIds, { axes: [0] }),
    ),
    { to: "float32" },
  );
  const gt = mul(b, unsqueeze(b, sameGroup, { axes: [2] }), unsqueeze(b, amask, { axes: [0] })); // [R, R, S]
  const groupMask = unsqueeze(
    b,
    transpose(b, mul(b, sub(b, 1, gt), F32_MIN), { perm: [2, 0, 1] }),
    {
      axes: [1],
    },
  ); // [S, 1, R, R]
  const tables = ropeConstants(S, cfg.dKv, cfg.ropeTheta);
  const rope = {
    cos: b.constant(tables.cos, [S, cfg.dKv]),
    sin: b.constant(tables.sin, [S, cfg.dKv]),
  };

  // (j) encoder
  for (let i = 0; i < cfg.numLayers; i++) {
    b.scope(`encoder/${i}`, () => {
      const p = `encoder.block.${i}.layer`;
      const tn = rmsNorm(b, h, W(`${p}.0.layer_norm.weight`), eps);
      const ta = attention(b, tn, W, `${p}.0.self_attention`, cfg, timeMask, rope, drop);
      h = add(b, h, drop(`${p}.0.residual`, ta));
      const ht = transpose(b, h, { perm: [1, 0, 2] }); // [S, R, D]
      const gn = rmsNorm(b, ht, W(`${p}.1.layer_norm.weight`), eps);
      const ga = attention(b, gn, W, `${p}.1.self_attention`, cfg, groupMask, undefined, drop);
      h = add(b, h, transpose(b, drop(`${p}.1.residual`, ga), { perm: [1, 0, 2] }));
      const fnorm = rmsNorm(b, h, W(`${p}.2.layer_norm.weight`), eps);
      const hid = drop(`${p}.2.mlp.hidden`, relu(b, linear(b, fnorm, W(`${p}.2.mlp.wi.weight`))));
      h = add(b, h, drop(`${p}.2.residual`, linear(b, hid, W(`${p}.2.mlp.wo.weight`))));
    });
  }
  const last = slice(b, rmsNorm(b, h, W("encoder.final_layer_norm.weight"), eps), {
    starts: [N + 1],
    ends: [S],
    axes: [1],
  });

  // (k) quantile head, quantile-major inside each patch
  const Q = cfg.chronos.quantiles.length;
  const out = b.scope("head", () =>
    residualBlock(
      b,
      drop("encoder.output", last),
      W,
      "output_patch_embedding",
      (y) => drop("output_patch_embedding", y),
    ));
  const zq = reshape(b, transpose(b, reshape(b, out, [R, n, Q, P]), { perm: [0, 2, 1, 3] }), [
    R,
    Q,
    n * P,
  ]);
  return { quantilesNormalized: zq, loc, scale };
}
