/**
 * Boosting with early stopping: one round at a time on the training matrix,
 * the validation metric after each round, stop when it has not improved for
 * `earlyStoppingRounds` rounds, and keep the rounds up to the best one.
 *
 * @module
 */

import { Booster } from "./booster.ts";
import type { DMatrix } from "./dmatrix.ts";

/** Options of {@linkcode trainBooster}. */
export interface TrainBoosterOptions {
  /** XGBoost parameters (objective, eta, max_depth, …). */
  params?: Record<string, string | number>;
  /** Most rounds to run. @default 1000 */
  numRounds?: number;
  /** Stop after this many rounds without a better validation metric. @default 50 */
  earlyStoppingRounds?: number;
  /** The validation metric (an XGBoost `eval_metric`, lower is better). @default "rmse" */
  metric?: string;
  /** Called after each round with the round and the validation metric. */
  onRound?: (round: number, value: number) => void;
}

/** What {@linkcode trainBooster} produced. */
export interface TrainedBooster {
  /** The booster cut at the best round (the caller frees it). */
  booster: Booster;
  /** 0-based best round. */
  bestRound: number;
  /** The validation metric at the best round. */
  bestValue: number;
  /** Rounds run before stopping. */
  roundsRun: number;
  /** The validation metric after each round. */
  curve: number[];
}

/**
 * Trains a booster on `train`, early-stopping on `validation` (both with labels).
 *
 * @param train the training matrix
 * @param validation the validation matrix
 * @param options parameters, rounds, patience and metric
 * @returns the booster cut at the best round, with the validation curve
 * @throws {RangeError} when the rounds or patience are not positive whole numbers
 * @throws {XGBoostError} on invalid parameters
 * @example Usage
 * ```ts
 * import { DMatrix } from "@chronos-deno/chronos-deno/gbdt";
 * import { trainBooster } from "@chronos-deno/chronos-deno/gbdt";
 * import { ok } from "node:assert/strict";
 * const x = Float32Array.from({ length: 100 }, (_, i) => i);
 * using d = DMatrix.fromDense(x, 100, 1, { label: x });
 * const out = trainBooster(d, d, { numRounds: 30, params: { nthread: 1 } });
 * ok(out.bestValue < 5);
 * out.booster.free();
 * ```
 */
export function trainBooster(
  train: DMatrix,
  validation: DMatrix,
  options: TrainBoosterOptions = {},
): TrainedBooster {
  const numRounds = options.numRounds ?? 1000;
  const patience = options.earlyStoppingRounds ?? 50;
  for (const [name, v] of [["rounds", numRounds], ["early stopping rounds", patience]] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`The ${name} must be a whole number of at least 1: got ${v}`);
    }
  }
  const metric = options.metric ?? "rmse";
  const full = Booster.create([train, validation], {
    objective: "reg:squarederror",
    ...options.params,
    eval_metric: metric,
  });
  const curve: number[] = [];
  let bestRound = 0;
  let bestValue = Infinity;
  try {
    for (let round = 0; round < numRounds; round++) {
      full.updateOneIter(round, train);
      const value = full.evalOneIter(round, { val: validation })[`val-${metric}`] ?? NaN;
      curve.push(value);
      options.onRound?.(round, value);
      if (value < bestValue) {
        bestValue = value;
        bestRound = round;
      } else if (round - bestRound >= patience) {
        break;
      }
    }
    const booster = full.slice(0, bestRound + 1);
    return { booster, bestRound, bestValue, roundsRun: curve.length, curve };
  } finally {
    full.free();
  }
}
