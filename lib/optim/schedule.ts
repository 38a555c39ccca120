/**
 * Learning-rate schedules. The official fit uses Hugging Face's "linear"
 * schedule: optional linear warm-up from 0, then linear decay to 0 at the last
 * step.
 *
 * @module
 */

/** Options of {@linkcode linearSchedule}. */
export interface LinearScheduleOptions {
  /** Peak learning rate. */
  learningRate: number;
  /** Total number of optimizer steps. */
  numSteps: number;
  /**
   * Warm-up steps (the rate rises linearly from 0).
   * @default {0}
   */
  warmupSteps?: number;
}

/**
 * Builds the linear schedule: `step` is the 0-based optimizer step whose update
 * uses the returned rate, as Hugging Face's `get_linear_schedule_with_warmup`
 * (the first update uses the peak rate when there is no warm-up, the last one
 * `learningRate / numSteps`).
 *
 * @param options peak rate, total steps, warm-up
 * @returns a function from 0-based step to learning rate
 * @throws {RangeError} when a value is negative, not finite, or `numSteps` < 1
 * @example Usage
 * ```ts
 * import { linearSchedule } from "@chronos-deno/chronos-deno/optim";
 * import assert from "node:assert/strict";
 * const lr = linearSchedule({ learningRate: 1e-3, numSteps: 4 });
 * assert.deepEqual([0, 1, 2, 3].map(lr), [1e-3, 7.5e-4, 5e-4, 2.5e-4]);
 * ```
 */
export function linearSchedule(options: LinearScheduleOptions): (step: number) => number {
  const { learningRate, numSteps } = options;
  const warmup = options.warmupSteps ?? 0;
  if (!(Number.isFinite(learningRate) && learningRate >= 0)) {
    throw new RangeError(`Learning rate must be a finite number >= 0: got "${learningRate}"`);
  }
  if (!(Number.isInteger(numSteps) && numSteps >= 1)) {
    throw new RangeError(`Number of steps must be a whole number >= 1: got "${numSteps}"`);
  }
  if (!(Number.isInteger(warmup) && warmup >= 0)) {
    throw new RangeError(`Warm-up steps must be a whole number >= 0: got "${warmup}"`);
  }
  return (step: number): number => {
    if (step < warmup) return learningRate * step / Math.max(1, warmup);
    return learningRate * Math.max(0, (numSteps - step) / Math.max(1, numSteps - warmup));
  };
}
