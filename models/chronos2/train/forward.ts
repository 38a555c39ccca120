/**
 * The Chronos-2 forward pass for training graphs: the shared forward of
 * `graph.ts` ({@linkcode chronos2Forward}) with fixed shapes (`rows`, the
 * padded context length and the output patches are fixed when the graph is
 * built), weights from a lookup (so trainable ones can be graph inputs and
 * LoRA targets `W + s·B·A`) and a dropout hook at every official site (a fed
 * keep-mask in training, nothing in validation). Outputs the normalised
 * quantiles (before sinh and de-normalisation) and the per-row loc/scale the
 * loss needs.
 *
 * @module
 */

import type { GraphBuilder } from "../../../lib/onnx/builder.ts";
import type { Value } from "../../../lib/onnx/graph.ts";
import { concat } from "../../../lib/onnx/ops/mod.ts";
import type { Chronos2Config } from "../config.ts";
import { chronos2Forward, type ForwardOutputs } from "../graph.ts";
import type { DropoutHook } from "../layers/dropout.ts";
import { GraphWeights } from "../layers/weights.ts";

export type { DropoutHook } from "../layers/dropout.ts";

/** Returns the graph value of a weight by its official name. */
export type WeightLookup = (name: string) => Value;

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

/** The forward's outputs: normalised quantiles [rows, Q, n·16], loc and scale [rows, 1]. */
export type ForwardValues = ForwardOutputs;

/**
 * Adds the Chronos-2 forward pass to `b` with fixed shapes.
 *
 * @param b the graph builder
 * @param cfg the model config
 * @param inputs context [rows, length], group ids [rows] (int64), known future covariates [rows, H]
 * @param shape fixed sizes
 * @param W weight lookup by official name
 * @param drop dropout hook (identity for no dropout)
 * @returns normalised quantiles and loc/scale
 * @throws {RangeError} when the length is not a multiple of the patch size or H exceeds n·16
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
  if (Hf > n * P) {
    throw new RangeError(`Future length ${Hf} must be at most ${n * P} (${n} output patches)`);
  }
  // unknown future steps up to the whole output patches: NaN (mask 0), as the pipeline pads
  const future = Hf < n * P
    ? concat(b, [
      inputs.futureCovariates,
      b.constant(new Float32Array(R * (n * P - Hf)).fill(NaN), [R, n * P - Hf]),
    ], { axis: 1 })
    : inputs.futureCovariates;
  const weights = new GraphWeights(b, { get: W });
  // asked first, as before the forward was shared: keeps the order of the trainable
  // parameters (and so the flat optimizer-state layout of existing checkpoints)
  weights.get("shared.weight");
  return chronos2Forward(
    b,
    cfg,
    { context: inputs.context, groupIds: inputs.groupIds, futureCovariates: future },
    weights,
    { fixedShapes: true, drop },
  );
}
