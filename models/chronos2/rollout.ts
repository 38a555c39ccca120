/**
 * One batch through the model, including the official long-horizon rollout
 * (spec §2.4): a first pass with up to `maxOutputPatches` patches, then, while
 * steps remain, every row is expanded into one path per unrolled quantile
 * level, the interpolated forecasts are appended to the path contexts (known
 * future covariate values replace predictions), the model runs on all paths,
 * and the samples are merged back to the model's levels by weighted quantiles.
 *
 * @module
 */

import type { SeriesBatch } from "../../lib/data/series_batch.ts";
import { outputPatches } from "./output_patches.ts";
import { interpolateQuantiles, probabilityMass, weightedQuantile } from "./quantiles.ts";

/** One model forward call (what `Chronos2Model.forward` receives). */
export interface ForwardInput {
  /** [rows, length] row-major, NaN = missing. */
  context: Float32Array;
  /** Rows. */
  rows: number;
  /** Context length (columns). */
  length: number;
  /** Group id per row. */
  groupIds: Int32Array;
  /** [rows, numOutputPatches · patch], NaN where unknown. */
  futureCovariates: Float32Array;
  /** Output patches n_out. */
  numOutputPatches: number;
}

/** Runs the network: quantiles `[rows, Q, numOutputPatches · patch]` in the original scale. */
export interface ForwardRunner {
  /** One forward pass. */
  forward(input: ForwardInput): Promise<Float32Array>;
  /** One forward pass that also returns stage tensors named as in the fixtures (diagnostics). */
  forwardWithInternals?(
    input: ForwardInput,
  ): Promise<{ quantiles: Float32Array; internals: Record<string, Float32Array> }>;
  /** The ONNX Runtime execution provider of the last session opened (none before the first call). */
  readonly executionProvider?: string | undefined;
  /** Why that provider (lib/runtime's reason, fallbacks included). */
  readonly providerReason?: string | undefined;
}

/** Settings of {@link predictWithRollout}. */
export interface RolloutOptions {
  /** The model's quantile levels. */
  quantiles: readonly number[];
  /** Output patch size. */
  patchSize: number;
  /** The model's context length (path contexts are cut to it). */
  modelContextLength: number;
  /** Most output patches per pass. */
  maxOutputPatches: number;
  /** Levels whose forecasts are fed back (subset of `quantiles`). */
  unrolledQuantiles: readonly number[];
  /** Called after every forward pass with the pass input and its output (for parity checks). */
  onStep?: (step: { input: ForwardInput; prediction: Float32Array; merged?: Float32Array }) => void;
}

function fitFuture(fut: Float32Array, rows: number, width: number, out: number): Float32Array {
  const res = new Float32Array(rows * out).fill(NaN);
  const w = Math.min(width, out);
  for (let r = 0; r < rows; r++) res.set(fut.subarray(r * width, r * width + w), r * out);
  return res;
}

/**
 * Forecasts one batch, rolling out beyond `maxOutputPatches` patches.
 *
 * @param runner the network
 * @param batch the batch
 * @param options model settings and rollout levels
 * @returns `[rows, Q, predictionLength]` float32
 * @example Usage
 * ```ts
 * import { type ForwardInput, predictWithRollout } from "@chronos-deno/chronos-deno/chronos2";
 * const runner = { forward: (x: ForwardInput) => Promise.resolve(new Float32Array(x.rows * 3 * x.numOutputPatches * 2).fill(1)) };
 * const out = await predictWithRollout(runner, {
 *   context: new Float32Array([1, 2]), rows: 1, length: 2, groupIds: new Int32Array(1),
 *   futureCovariates: new Float32Array(5).fill(NaN), predictionLength: 5,
 * }, { quantiles: [0.1, 0.5, 0.9], patchSize: 2, modelContextLength: 8, maxOutputPatches: 2, unrolledQuantiles: [0.5] });
 * if (out.length !== 15 || out[4] !== 1) throw new Error();
 * ```
 */
export async function predictWithRollout(
  runner: ForwardRunner,
  batch: SeriesBatch,
  options: RolloutOptions,
): Promise<Float32Array> {
  const P = options.patchSize;
  const Q = options.quantiles.length;
  const { predictionLength } = batch;
  const B = batch.rows;
  const nOut = (rem: number) => Math.min(outputPatches(rem, P), options.maxOutputPatches);
  const future = batch.futureCovariates ?? new Float32Array(B * predictionLength).fill(NaN);
  const step = async (
    context: Float32Array,
    rows: number,
    length: number,
    groupIds: Int32Array,
    fut: Float32Array,
    futWidth: number,
    n: number,
  ) => {
    const input: ForwardInput = {
      context,
      rows,
      length,
      groupIds,
      futureCovariates: fitFuture(fut, rows, futWidth, n * P),
      numOutputPatches: n,
    };
    const prediction = await runner.forward(input);
    return { input, prediction };
  };
  const chunks: { data: Float32Array; width: number }[] = [];
  let remaining = predictionLength;
  let n = nOut(remaining);
  const first = await step(
    batch.context,
    B,
    batch.length,
    batch.groupIds,
    future,
    predictionLength,
    n,
  );
  options.onStep?.(first);
  const prediction = first.prediction;
  let width = n * P;
  chunks.push({ data: prediction, width });
  remaining -= width;
  if (remaining > 0) {
    const K = options.unrolledQuantiles.length;
    const weightsK = probabilityMass(options.unrolledQuantiles);
    const weightsQ = probabilityMass(options.quantiles);
    const weights = new Float32Array(K * Q);
    for (let k = 0; k < K; k++) {
      for (let q = 0; q < Q; q++) weights[k * Q + q] = Math.fround(weightsK[k]! * weightsQ[q]!);
    }
    // Expand rows into K paths: row b, path k -> b*K + k.
    let len = batch.length;
    let ctx = new Float32Array(B * K * len);
    let futWidth = predictionLength;
    let fut = new Float32Array(B * K * futWidth);
    const gids = new Int32Array(B * K);
    for (let b = 0; b < B; b++) {
      for (let k = 0; k < K; k++) {
        const r = b * K + k;
        ctx.set(batch.context.subarray(b * len, (b + 1) * len), r * len);
        fut.set(future.subarray(b * predictionLength, (b + 1) * predictionLength), r * futWidth);
        gids[r] = batch.groupIds[b]! * K + k;
      }
    }
    let merged = prediction; // [B, Q, width] (first pass: the raw prediction)
    while (remaining > 0) {
      const h = width;
      // interpolate [B, Q, h] at the unrolled levels -> [B, K, h]
      const bhq = new Float32Array(B * h * Q);
      for (let b = 0; b < B; b++) {
        for (let q = 0; q < Q; q++) {
          for (let t = 0; t < h; t++) bhq[(b * h + t) * Q + q] = merged[(b * Q + q) * h + t]!;
        }
      }
      const unrolled = interpolateQuantiles(options.unrolledQuantiles, options.quantiles, bhq, Q); // [B, h, K]
      const newLen = Math.min(len + h, options.modelContextLength);
      const drop = len + h - newLen;
      const next = new Float32Array(B * K * newLen);
      for (let r = 0; r < B * K; r++) {
        const b = Math.floor(r / K);
        const k = r % K;
        const row = new Float32Array(len + h);
        row.set(ctx.subarray(r * len, (r + 1) * len));
        for (let t = 0; t < h; t++) {
          const fc = fut[r * futWidth + t]!;
          row[len + t] = Number.isNaN(fc) ? unrolled[(b * h + t) * K + k]! : fc;
        }
        next.set(row.subarray(drop), r * newLen);
      }
      ctx = next;
      len = newLen;
      const newFutWidth = futWidth - h;
      const nf = new Float32Array(B * K * newFutWidth);
      for (let r = 0; r < B * K; r++) {
        nf.set(fut.subarray(r * futWidth + h, (r + 1) * futWidth), r * newFutWidth);
      }
      fut = nf;
      futWidth = newFutWidth;
      n = nOut(remaining);
      const s = await step(ctx, B * K, len, gids, fut, futWidth, n);
      width = n * P;
      // [(B K), Q, width] -> samples [B, width, K*Q]
      const samples = new Float32Array(B * width * K * Q);
      for (let b = 0; b < B; b++) {
        for (let k = 0; k < K; k++) {
          for (let q = 0; q < Q; q++) {
            const src = ((b * K + k) * Q + q) * width;
            for (let t = 0; t < width; t++) {
              samples[(b * width + t) * K * Q + k * Q + q] = s.prediction[src + t]!;
            }
          }
        }
      }
      const wq = weightedQuantile(options.quantiles, weights, samples); // [B, width, Q]
      merged = new Float32Array(B * Q * width);
      for (let b = 0; b < B; b++) {
        for (let t = 0; t < width; t++) {
          for (let q = 0; q < Q; q++) {
            merged[(b * Q + q) * width + t] = wq[(b * width + t) * Q + q]!;
          }
        }
      }
      options.onStep?.({ ...s, merged });
      chunks.push({ data: merged, width });
      remaining -= width;
    }
  }
  const out = new Float32Array(B * Q * predictionLength);
  for (let bq = 0; bq < B * Q; bq++) {
    let t0 = 0;
    for (const c of chunks) {
      const take = Math.min(c.width, predictionLength - t0);
      if (take <= 0) break;
      out.set(c.data.subarray(bq * c.width, bq * c.width + take), bq * predictionLength + t0);
      t0 += take;
    }
  }
  return out;
}
