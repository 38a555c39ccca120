/**
 * The official Chronos-2 training loss (spec §2.2(m)): twice the pinball loss
 * over all quantile levels in the normalised (asinh) space; missing targets and
 * known-future-covariate positions get weight 0; the horizon is padded to
 * `numOutputPatches · 16` with weight-0 positions; then mean over the padded
 * horizon, sum over quantiles, mean over all rows (covariate rows count, with
 * loss 0). Two forms: a float64 loop (the reference) and graph nodes.
 *
 * @module
 */

import type { GraphBuilder } from "../../../lib/onnx/builder.ts";
import type { Value } from "../../../lib/onnx/graph.ts";
import {
  abs,
  asinh,
  cast,
  div,
  isNaN as isNanOp,
  lessOrEqual,
  mul,
  not,
  reduceMean,
  reduceSum,
  slice,
  sub,
  unsqueeze,
  where,
} from "../../../lib/onnx/ops/mod.ts";

/** Inputs of {@linkcode quantileLossReference}. */
export interface LossReferenceInput {
  /** Normalised quantile predictions [rows, Q, numOutputPatches·patchSize]. */
  quantilesNormalized: ArrayLike<number>;
  /** Future target in the original scale [rows, H]; NaN = missing (covariate rows). */
  futureTarget: ArrayLike<number>;
  /** Known future covariates [rows, H]; NaN = unknown. Omitted: none known. */
  futureCovariates?: ArrayLike<number>;
  /** Per-row context mean [rows]. */
  loc: ArrayLike<number>;
  /** Per-row context scale [rows]. */
  scale: ArrayLike<number>;
  /** Quantile levels, in the model's order. */
  quantileLevels: readonly number[];
  /** Number of rows. */
  rows: number;
  /** Horizon H. */
  predictionLength: number;
  /** Output patches n (H ≤ n·patchSize). */
  numOutputPatches: number;
  /** Output patch size. @default {16} */
  patchSize?: number;
}

/**
 * The training loss computed in float64 by plain loops: the oracle for the
 * graph version.
 *
 * @param input predictions, targets, normalisation and sizes
 * @returns the scalar loss
 * @throws {RangeError} when the horizon exceeds the output patches or sizes disagree
 * @example Usage
 * ```ts
 * import { quantileLossReference } from "./loss.ts";
 * import assert from "node:assert/strict";
 * // one row, median only, H = 1 in one patch of 1: 2·|0 − 1|·0.5 = 1
 * const loss = quantileLossReference({
 *   quantilesNormalized: [1], futureTarget: [0], loc: [0], scale: [1], quantileLevels: [0.5],
 *   rows: 1, predictionLength: 1, numOutputPatches: 1, patchSize: 1,
 * });
 * assert.equal(loss, 1);
 * ```
 */
export function quantileLossReference(input: LossReferenceInput): number {
  const { rows, predictionLength: H, quantileLevels: levels } = input;
  const Q = levels.length;
  const Hp = input.numOutputPatches * (input.patchSize ?? 16);
  if (H > Hp) {
    throw new RangeError(`Horizon ${H} does not fit in ${input.numOutputPatches} output patch(es)`);
  }
  if (
    input.quantilesNormalized.length !== rows * Q * Hp || input.futureTarget.length !== rows * H ||
    input.loc.length !== rows || input.scale.length !== rows
  ) {
    throw new RangeError(
      `Loss inputs disagree with rows=${rows}, quantiles=${Q}, horizon=${H} (padded ${Hp})`,
    );
  }
  let total = 0;
  for (let r = 0; r < rows; r++) {
    let rowSum = 0;
    for (let h = 0; h < H; h++) {
      const raw = input.futureTarget[r * H + h]!;
      if (Number.isNaN(raw)) continue;
      const fc = input.futureCovariates?.[r * H + h];
      if (fc !== undefined && !Number.isNaN(fc)) continue;
      const y = Math.asinh((raw - input.loc[r]!) / input.scale[r]!);
      for (let q = 0; q < Q; q++) {
        const z = input.quantilesNormalized[(r * Q + q) * Hp + h]!;
        rowSum += 2 * Math.abs((y - z) * ((y <= z ? 1 : 0) - levels[q]!));
      }
    }
    total += rowSum / Hp;
  }
  return total / rows;
}

/** Graph inputs of {@linkcode buildQuantileLoss}. */
export interface LossGraphInput {
  /** Normalised quantile predictions, float32 [rows, Q, n·16]. */
  quantilesNormalized: Value;
  /** Future target in the original scale, float32 [rows, H]. */
  futureTarget: Value;
  /** Known future covariates, float32 [rows, H] (NaN = unknown). */
  futureCovariates?: Value;
  /** Per-row loc, float32 [rows, 1]. */
  loc: Value;
  /** Per-row scale, float32 [rows, 1]. */
  scale: Value;
  /** Quantile levels. */
  quantileLevels: readonly number[];
  /** Horizon H. */
  predictionLength: number;
  /** Padded horizon n·16 (the denominator of the horizon mean). */
  paddedLength: number;
}

/**
 * Adds the training loss to a graph. Instead of padding the target to n·16
 * with weight-0 zeros, it slices the predictions to H and divides by n·16,
 * which is the same number. The comparison `y ≤ ẑ` carries no gradient.
 *
 * @param b the graph builder
 * @param input the values and sizes
 * @returns the scalar loss value (float32, shape [])
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { buildQuantileLoss } from "./loss.ts";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const loss = buildQuantileLoss(b, {
 *   quantilesNormalized: b.input("zq", "float32", ["rows", 3, 16]),
 *   futureTarget: b.input("y", "float32", ["rows", 4]),
 *   loc: b.input("loc", "float32", ["rows", 1]),
 *   scale: b.input("scale", "float32", ["rows", 1]),
 *   quantileLevels: [0.1, 0.5, 0.9], predictionLength: 4, paddedLength: 16,
 * });
 * assert.deepEqual(loss.shape, []);
 * ```
 */
export function buildQuantileLoss(b: GraphBuilder, input: LossGraphInput): Value {
  return b.scope("loss", () => {
    const H = input.predictionLength;
    const y = asinh(b, div(b, sub(b, input.futureTarget, input.loc), input.scale));
    const observed = not(b, isNanOp(b, y));
    let weight = cast(b, observed, { to: "float32" });
    if (input.futureCovariates) {
      const unknown = isNanOp(b, input.futureCovariates);
      weight = mul(b, weight, cast(b, unknown, { to: "float32" }));
    }
    const y0 = unsqueeze(b, where(b, observed, y, 0), { axes: [1] });
    const zq = input.quantilesNormalized.shape[2] === H
      ? input.quantilesNormalized
      : slice(b, input.quantilesNormalized, { starts: [0], ends: [H], axes: [2] });
    const levels = b.constant(
      Float32Array.from(input.quantileLevels),
      [1, input.quantileLevels.length, 1],
    );
    const below = cast(b, lessOrEqual(b, y0, zq), { to: "float32" });
    const pinball = abs(b, mul(b, sub(b, y0, zq), sub(b, below, levels)));
    const weighted = mul(b, pinball, unsqueeze(b, weight, { axes: [1] }));
    const perRow = reduceSum(b, weighted, { axes: [1, 2], keepdims: false });
    const mean = reduceMean(b, perRow, { axes: [0], keepdims: false });
    return mul(b, mean, 2 / input.paddedLength);
  });
}
