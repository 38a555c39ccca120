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
 * import { quantileLossReference } from "./training_loss.ts";
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
