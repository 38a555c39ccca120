/**
 * A plain-TypeScript float32 forward pass of Chronos-2 (spec §2.2), written
 * loop by loop without ONNX. It is slow and exists as an independent oracle:
 * tests compare the ONNX graph with it stage by stage, and it runs the
 * pipeline where ONNX Runtime is not available.
 *
 * @module
 */

import type { Chronos2Config } from "./config.ts";
import type { ForwardInput, ForwardRunner } from "./rollout.ts";
import type { WeightMap } from "./weights.ts";

const f = Math.fround;
const MIN = -3.4028234663852886e38;

/** Stage tensors recorded by {@link referenceForward} (names as in the fixtures). */
export type Internals = Record<string, Float32Array>;

function linear(
  x: Float32Array,
  rows: number,
  w: Float32Array,
  inDim: number,
  outDim: number,
  bias?: Float32Array,
): Float32Array {
  const y = new Float32Array(rows * outDim);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outDim; o++) {
      let acc = 0;
      for (let i = 0; i < inDim; i++) acc += x[r * inDim + i]! * w[o * inDim + i]!;
      y[r * outDim + o] = bias ? f(acc + bias[o]!) : acc;
    }
  }
  return y;
}

function rms(x: Float32Array, rows: number, d: number, w: Float32Array, eps: number): Float32Array {
  const y = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let i = 0; i < d; i++) s += x[r * d + i]! ** 2;
    const inv = 1 / Math.sqrt(f(s / d) + eps);
    for (let i = 0; i < d; i++) y[r * d + i] = f(w[i]! * f(x[r * d + i]! * inv));
  }
  return y;
}

function residualBlock(
  W: WeightMap,
  prefix: string,
  x: Float32Array,
  rows: number,
  inDim: number,
  hid: number,
  outDim: number,
): Float32Array {
  const g = (n: string) => W.get(`${prefix}.${n}`)!.data;
  const h = linear(x, rows, g("hidden_layer.weight"), inDim, hid, g("hidden_layer.bias")).map((v) =>
    Math.max(v, 0)
  );
  const o = linear(h, rows, g("output_layer.weight"), hid, outDim, g("output_layer.bias"));
  const r = linear(x, rows, g("residual_layer.weight"), inDim, outDim, g("residual_layer.bias"));
  return o.map((v, i) => f(v + r[i]!));
}

/**
 * Runs the reference forward pass.
 *
 * @param config model config
 * @param W weights
 * @param input one forward call
 * @param internals when given, stage tensors are stored in it
 * @returns quantiles `[rows, Q, numOutputPatches · patch]`
 * @example Usage
 * ```ts
 * import { referenceForward } from "@chronos-deno/chronos-deno/chronos2";
 * import { loadChronos2Config } from "@chronos-deno/chronos-deno/chronos2";
 * import { readSafetensors } from "@chronos-deno/chronos-deno/chronos2";
 * const dir = "tests/fixtures/chronos2-tiny";
 * const cfg = await loadChronos2Config(`${dir}/config.json`);
 * const w = await readSafetensors(`${dir}/model.safetensors`);
 * const out = referenceForward(cfg, w, { context: new Float32Array([1, 2, 3]), rows: 1, length: 3,
 *   groupIds: new Int32Array(1), futureCovariates: new Float32Array(16).fill(NaN), numOutputPatches: 1 });
 * if (out.length !== 21 * 16) throw new Error();
 * ```
 */
export function referenceForward(
  config: Chronos2Config,
  W: WeightMap,
  input: ForwardInput,
  internals?: Internals,
): Float32Array {
  const c = config.chronos;
  const P = c.inputPatchSize;
  const D = config.dModel;
  const F = config.dFf;
  const H = config.numHeads;
  const dk = config.dKv;
  const I = H * dk;
  const Q = c.quantiles.length;
  const B = input.rows;
  const nOut = input.numOutputPatches;
  const T = Math.min(input.length, c.contextLength);
  const skip = input.length - T;
  const loc = new Float32Array(B);
  const scale = new Float32Array(B);
  const N = Math.ceil(T / P);
  const pad = N * P - T;
  const S = N + 1 + nOut;
  const feats = new Float32Array(B * N * 3 * P);
  const ctxValid = new Uint8Array(B * N);
  const norm = new Float32Array(B * T);
  for (let b = 0; b < B; b++) {
    const row = input.context.subarray(b * input.length + skip, (b + 1) * input.length);
    let s = 0;
    let n = 0;
    for (const v of row) if (!Number.isNaN(v)) (s += v, n++);
    const m = n > 0 ? f(s / n) : 0;
    let s2 = 0;
    for (const v of row) if (!Number.isNaN(v)) s2 += f(f(v - m) ** 2);
    let sd = n > 0 ? f(Math.sqrt(f(s2 / n))) : 1;
    if (sd === 0) sd = 1e-5;
    loc[b] = m;
    scale[b] = f(sd);
    for (let t = 0; t < T; t++) {
      const z = f(f(row[t]! - m) / scale[b]!);
      norm[b * T + t] = c.useArcsinh ? f(Math.asinh(z)) : z;
    }
    for (let k = 0; k < N; k++) {
      const base = (b * N + k) * 3 * P;
      for (let p = 0; p < P; p++) {
        const pos = k * P + p;
        const t = pos - pad;
        feats[base + p] = f((pos - N * P) / c.timeEncodingScale);
        const z = t >= 0 ? norm[b * T + t]! : NaN;
        const obs = t >= 0 && !Number.isNaN(input.context[b * input.length + skip + t]!);
        feats[base + P + p] = obs ? z : 0;
        feats[base + 2 * P + p] = obs ? 1 : 0;
        if (obs) ctxValid[b * N + k] = 1;
      }
    }
  }
  const futFeats = new Float32Array(B * nOut * 3 * P);
  for (let b = 0; b < B; b++) {
    for (let k = 0; k < nOut; k++) {
      const base = (b * nOut + k) * 3 * P;
      for (let p = 0; p < P; p++) {
        const t = k * P + p;
        futFeats[base + p] = f(t / c.timeEncodingScale);
        const v = input.futureCovariates[b * nOut * P + t]!;
        let z = f(f(v - loc[b]!) / scale[b]!);
        if (c.useArcsinh) z = f(Math.asinh(z));
        const known = !Number.isNaN(z);
        futFeats[base + P + p] = known ? z : 0;
        futFeats[base + 2 * P + p] = known ? 1 : 0;
      }
    }
  }
  const ctxEmb = residualBlock(W, "input_patch_embedding", feats, B * N, 3 * P, F, D);
  const futEmb = residualBlock(W, "input_patch_embedding", futFeats, B * nOut, 3 * P, F, D);
  const reg = W.get("shared.weight")!.data.subarray(
    config.regTokenId * D,
    (config.regTokenId + 1) * D,
  );
  let h: Float32Array = new Float32Array(B * S * D);
  const amask = new Uint8Array(B * S).fill(1);
  for (let b = 0; b < B; b++) {
    h.set(ctxEmb.subarray(b * N * D, (b + 1) * N * D), b * S * D);
    h.set(reg, (b * S + N) * D);
    h.set(futEmb.subarray(b * nOut * D, (b + 1) * nOut * D), (b * S + N + 1) * D);
    for (let k = 0; k < N; k++) amask[b * S + k] = ctxValid[b * N + k]!;
  }
  if (internals) {
    internals.loc = loc;
    internals.scale = scale;
    internals.context_normalized = norm;
    internals.patched_context_input = feats;
    internals.patched_future_input = futFeats;
    internals.encoder_inputs_embeds = h.slice();
  }
  // RoPE tables (fp32 angles)
  const half = dk / 2;
  const cos = new Float32Array(S * dk);
  const sin = new Float32Array(S * dk);
  for (let s = 0; s < S; s++) {
    for (let i = 0; i < half; i++) {
      const inv = f(1 / f(Math.pow(config.ropeTheta, f((2 * i) / dk))));
      const a = f(s * inv);
      cos[s * dk + i] = cos[s * dk + i + half] = f(Math.cos(a));
      sin[s * dk + i] = sin[s * dk + i + half] = f(Math.sin(a));
    }
  }
  const eps = config.layerNormEpsilon;
  const attend = (
    x: Float32Array,
    pre: string,
    seqOf: (g: number, j: number) => number,
    groups: number,
    len: number,
    allowed: (g: number, qi: number, kj: number) => boolean,
    rope: boolean,
  ) => {
    const n = rms(x, B * S, D, W.get(`${pre}.layer_norm.weight`)!.data, eps);
    const q = linear(n, B * S, W.get(`${pre}.self_attention.q.weight`)!.data, D, I);
    const k = linear(n, B * S, W.get(`${pre}.self_attention.k.weight`)!.data, D, I);
    const v = linear(n, B * S, W.get(`${pre}.self_attention.v.weight`)!.data, D, I);
    if (rope) {
      for (const m of [q, k]) {
        for (let b = 0; b < B; b++) {
          for (let s = 0; s < S; s++) {
            for (let hh = 0; hh < H; hh++) {
              const o = (b * S + s) * I + hh * dk;
              const x0 = m.slice(o, o + dk);
              for (let i = 0; i < dk; i++) {
                const rot = i < half ? -x0[i + half]! : x0[i - half]!;
                m[o + i] = f(f(x0[i]! * cos[s * dk + i]!) + f(rot * sin[s * dk + i]!));
              }
            }
          }
        }
      }
    }
    const ctx = new Float32Array(B * S * I);
    const sc = new Float64Array(len);
    for (let g = 0; g < groups; g++) {
      for (let hh = 0; hh < H; hh++) {
        for (let qi = 0; qi < len; qi++) {
          const qo = seqOf(g, qi) * I + hh * dk;
          let mx = -Infinity;
          for (let kj = 0; kj < len; kj++) {
            const ko = seqOf(g, kj) * I + hh * dk;
            let acc = 0;
            for (let i = 0; i < dk; i++) acc += q[qo + i]! * k[ko + i]!;
            sc[kj] = f(f(acc) + (allowed(g, qi, kj) ? 0 : MIN));
            if (sc[kj]! > mx) mx = sc[kj]!;
          }
          let z = 0;
          for (let kj = 0; kj < len; kj++) z += sc[kj] = Math.exp(sc[kj]! - mx);
          for (let kj = 0; kj < len; kj++) {
            const p = sc[kj]! / z;
            const vo = seqOf(g, kj) * I + hh * dk;
            for (let i = 0; i < dk; i++) ctx[qo + i] = ctx[qo + i]! + p * v[vo + i]!;
          }
        }
      }
    }
    const o = linear(ctx, B * S, W.get(`${pre}.self_attention.o.weight`)!.data, I, D);
    return x.map((val, i) => f(val + o[i]!));
  };
  const gid = input.groupIds;
  for (let l = 0; l < config.numLayers; l++) {
    const pre = `encoder.block.${l}.layer`;
    h = attend(
      h,
      `${pre}.0`,
      (b, s) => b * S + s,
      B,
      S,
      (b, _q, kj) => amask[b * S + kj] === 1,
      true,
    );
    if (internals) internals[`block${l}_time_attention_out`] = h.slice();
    h = attend(
      h,
      `${pre}.1`,
      (s, b) => b * S + s,
      S,
      B,
      (s, qb, kb) => gid[qb] === gid[kb] && amask[kb * S + s] === 1,
      false,
    );
    if (internals) internals[`block${l}_group_attention_out`] = h.slice();
    const n = rms(h, B * S, D, W.get(`${pre}.2.layer_norm.weight`)!.data, eps);
    const a = linear(n, B * S, W.get(`${pre}.2.mlp.wi.weight`)!.data, D, F).map((v) =>
      Math.max(f(v), 0)
    );
    const o = linear(a, B * S, W.get(`${pre}.2.mlp.wo.weight`)!.data, F, D);
    h = h.map((val, i) => f(val + o[i]!));
    if (internals) internals[`block${l}_out`] = h.slice();
  }
  h = rms(h, B * S, D, W.get("encoder.final_layer_norm.weight")!.data, eps);
  if (internals) internals.final_hidden_state = h;
  const headIn = new Float32Array(B * nOut * D);
  for (let b = 0; b < B; b++) {
    headIn.set(h.subarray((b * S + N + 1) * D, (b + 1) * S * D), b * nOut * D);
  }
  const raw = residualBlock(W, "output_patch_embedding", headIn, B * nOut, D, F, Q * P);
  const out = new Float32Array(B * Q * nOut * P);
  const normOut = new Float32Array(B * Q * nOut * P);
  for (let b = 0; b < B; b++) {
    for (let k = 0; k < nOut; k++) {
      for (let q = 0; q < Q; q++) {
        for (let p = 0; p < P; p++) {
          const z = raw[(b * nOut + k) * Q * P + q * P + p]!;
          const idx = (b * Q + q) * nOut * P + k * P + p;
          normOut[idx] = z;
          const y = c.useArcsinh ? f(Math.sinh(z)) : z;
          out[idx] = f(f(y * scale[b]!) + loc[b]!);
        }
      }
    }
  }
  if (internals) {
    internals.output_head_in = headIn;
    internals.output_head_out_raw = raw;
    internals.quantile_preds_normalized = normOut;
    internals.quantile_preds = out;
  }
  return out;
}

/**
 * Wraps {@link referenceForward} as a {@link ForwardRunner}.
 *
 * @param config model config
 * @param weights weights
 * @returns a runner
 * @example Usage
 * ```ts
 * import { referenceRunner } from "@chronos-deno/chronos-deno/chronos2";
 * import { loadChronos2Config } from "@chronos-deno/chronos-deno/chronos2";
 * import { readSafetensors } from "@chronos-deno/chronos-deno/chronos2";
 * const dir = "tests/fixtures/chronos2-tiny";
 * const r = referenceRunner(await loadChronos2Config(`${dir}/config.json`), await readSafetensors(`${dir}/model.safetensors`));
 * if (typeof r.forward !== "function") throw new Error();
 * ```
 */
export function referenceRunner(config: Chronos2Config, weights: WeightMap): ForwardRunner {
  return {
    forward: (input) => Promise.resolve(referenceForward(config, weights, input)),
    forwardWithInternals: (input) => {
      const internals: Internals = {};
      const quantiles = referenceForward(config, weights, input, internals);
      return Promise.resolve({ quantiles, internals });
    },
  };
}
