/**
 * LoRA bookkeeping for Chronos-2 fine-tuning, as the official `fit` configures
 * PEFT: rank 8, alpha 16, no dropout, on the q, k, v, o projections of both
 * attentions in every block and on `output_patch_embedding.output_layer`. Each
 * target weight W [out, in] gets A [rank, in] (Kaiming-uniform, PEFT's
 * default) and B [out, rank] (zeros), and acts as W + (alpha / rank)·B·A; the
 * bias stays frozen. On save the update is merged into W, so the result is an
 * ordinary checkpoint with the official tensor names.
 *
 * @module
 */

import type { Rng } from "../../../lib/optim/rng.ts";
import type { WeightMap } from "../weights.ts";

/** LoRA hyper-parameters. */
export interface LoraOptions {
  /** Rank r. @default {8} */
  rank?: number;
  /** Scaling numerator: the update is (alpha / r)·B·A. @default {16} */
  alpha?: number;
}

/** One adapted weight. */
export interface LoraAdapter {
  /** Name of the frozen weight, e.g. `encoder.block.0.layer.0.self_attention.q.weight`. */
  target: string;
  /** Name of A, e.g. `encoder.block.0.layer.0.self_attention.q.lora_A.weight` (PEFT naming). */
  nameA: string;
  /** Name of B (`….lora_B.weight`). */
  nameB: string;
  /** Output features of W. */
  out: number;
  /** Input features of W. */
  in: number;
  /** Rank r. */
  rank: number;
  /** alpha / r. */
  scale: number;
  /** A [rank, in], row-major. */
  a: Float32Array;
  /** B [out, rank], row-major. */
  b: Float32Array;
}

const TARGET =
  /^(encoder\.block\.\d+\.layer\.[01]\.self_attention\.[qkvo]|output_patch_embedding\.output_layer)\.weight$/;

/**
 * Whether a weight is adapted by LoRA in the official configuration.
 *
 * @param name a state-dict key
 * @returns true for the attention q/k/v/o weights and the quantile head's output layer weight
 * @example Usage
 * ```ts
 * import { isLoraTarget } from "./lora.ts";
 * import assert from "node:assert/strict";
 * assert.ok(isLoraTarget("encoder.block.3.layer.1.self_attention.o.weight"));
 * assert.ok(!isLoraTarget("encoder.block.3.layer.2.mlp.wi.weight"));
 * assert.ok(!isLoraTarget("output_patch_embedding.output_layer.bias"));
 * ```
 */
export function isLoraTarget(name: string): boolean {
  return TARGET.test(name);
}

/**
 * Creates fresh adapters for every target weight: A drawn from PEFT's
 * Kaiming-uniform (bound 1/√in), B zero, so the model starts unchanged.
 *
 * @param weights the model weights (only names and shapes are read)
 * @param rng the generator for A (e.g. `new Rng(seed, "lora")`)
 * @param options rank and alpha
 * @returns the adapters, in weight order
 * @throws {RangeError} when rank or alpha is not positive, or no target exists
 * @example Usage
 * ```ts
 * import { createLoraAdapters } from "@chronos-deno/chronos-deno/train";
 * import { Rng } from "@chronos-deno/chronos-deno/optim";
 * import assert from "node:assert/strict";
 * const w = new Map([["output_patch_embedding.output_layer.weight",
 *   { dtype: "F32" as const, shape: [4, 3], data: new Float32Array(12) }]]);
 * const [ad] = createLoraAdapters(w, new Rng(0), { rank: 2 });
 * assert.deepEqual([ad!.a.length, ad!.b.length, ad!.scale], [6, 8, 8]);
 * ```
 */
export function createLoraAdapters(
  weights: WeightMap,
  rng: Rng,
  options: LoraOptions = {},
): LoraAdapter[] {
  const rank = options.rank ?? 8;
  const alpha = options.alpha ?? 16;
  if (!(Number.isInteger(rank) && rank >= 1)) {
    throw new RangeError(`LoRA rank must be a whole number >= 1: got "${rank}"`);
  }
  if (!(alpha > 0)) throw new RangeError(`LoRA alpha must be positive: got "${alpha}"`);
  const out: LoraAdapter[] = [];
  for (const [name, w] of weights) {
    if (!isLoraTarget(name)) continue;
    const [o, i] = w.shape as [number, number];
    const a = new Float32Array(rank * i);
    const bound = 1 / Math.sqrt(i);
    for (let k = 0; k < a.length; k++) a[k] = (2 * rng.nextFloat() - 1) * bound;
    const base = name.slice(0, -".weight".length);
    out.push({
      target: name,
      nameA: `${base}.lora_A.weight`,
      nameB: `${base}.lora_B.weight`,
      out: o,
      in: i,
      rank,
      scale: alpha / rank,
      a,
      b: new Float32Array(o * rank),
    });
  }
  if (out.length === 0) throw new RangeError("No LoRA target weight found in the model");
  return out;
}

/**
 * The merged weight W + scale·B·A (float64 accumulation, rounded once).
 *
 * @param weight W [out, in]
 * @param adapter its adapter
 * @returns a new array with the merged weight
 * @throws {RangeError} when sizes disagree
 * @example Usage
 * ```ts
 * import { mergeLoraWeight } from "./lora.ts";
 * import assert from "node:assert/strict";
 * const merged = mergeLoraWeight(new Float32Array([1, 0, 0, 1]), {
 *   target: "w", nameA: "a", nameB: "b", out: 2, in: 2, rank: 1, scale: 2,
 *   a: new Float32Array([1, 2]), b: new Float32Array([3, 0]),
 * });
 * assert.deepEqual([...merged], [7, 12, 0, 1]);
 * ```
 */
export function mergeLoraWeight(weight: Float32Array, adapter: LoraAdapter): Float32Array {
  const { out: O, in: I, rank: R, a, b, scale } = adapter;
  if (weight.length !== O * I || a.length !== R * I || b.length !== O * R) {
    throw new RangeError(
      `Cannot merge LoRA into "${adapter.target}": expected W ${O}x${I}, A ${R}x${I}, B ${O}x${R}`,
    );
  }
  const merged = new Float32Array(O * I);
  for (let o = 0; o < O; o++) {
    for (let i = 0; i < I; i++) {
      let s = 0;
      for (let r = 0; r < R; r++) s += b[o * R + r]! * a[r * I + i]!;
      merged[o * I + i] = weight[o * I + i]! + scale * s;
    }
  }
  return merged;
}

/**
 * A copy of the weights with every adapter merged in (the official names, so
 * the result loads like any checkpoint).
 *
 * @param weights the frozen base weights
 * @param adapters the trained adapters
 * @returns new weights; untouched tensors are shared, not copied
 * @throws {RangeError} when an adapter's target is missing
 * @example Usage
 * ```ts
 * import { mergeLora } from "@chronos-deno/chronos-deno/train";
 * import assert from "node:assert/strict";
 * const w = new Map([["x", { dtype: "F32" as const, shape: [1], data: new Float32Array([1]) }]]);
 * assert.equal(mergeLora(w, []).get("x")!.data[0], 1);
 * ```
 */
export function mergeLora(weights: WeightMap, adapters: readonly LoraAdapter[]): WeightMap {
  const merged: WeightMap = new Map(weights);
  for (const ad of adapters) {
    const w = weights.get(ad.target);
    if (!w) throw new RangeError(`Cannot merge LoRA: the model has no weight "${ad.target}"`);
    merged.set(ad.target, { dtype: "F32", shape: [...w.shape], data: mergeLoraWeight(w.data, ad) });
  }
  return merged;
}
