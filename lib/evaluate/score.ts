/**
 * Scoring of an evaluation's forecasts with the metric kernel: one path
 * (WebGPU or CPU) chosen for the whole evaluation, the same actuals and MASE
 * scale for every model, the central interval taken from the reported levels.
 *
 * @module
 */

import { seasonalScale } from "../metrics/mod.ts";
import type { MetricSet } from "../results/schema.ts";
import {
  metricReduceCpu,
  metricReduceGpu,
  type MetricReduceInput,
  metricReduceWorkBytes,
  metricsFromSums,
} from "../../kernels/metric_reduce.ts";
import { chooseKernel, type KernelChoice } from "./kernel_paths.ts";

/** Options of {@linkcode createScorer}. */
export interface ScorerOptions {
  /** The --device value. @default "auto" */
  device?: "auto" | "cpu" | "webgpu";
  /** Actuals [N] (origins × horizon), NaN skipped. */
  actual: ArrayLike<number>;
  /** Quantile levels of the quantile forecasts that will be scored. */
  levels: readonly number[];
  /** MASE: the training part of the target and the seasonal period. */
  maseScale?: { train: ArrayLike<number>; period: number };
  /** Warning sink. */
  onWarning?: ((message: string) => void) | undefined;
}

/** A scorer bound to one set of actuals. */
export interface Scorer {
  /** The metric kernel's path. */
  choice: KernelChoice;
  /** The central interval used for coverage, or null when the levels give none. */
  interval: [number, number] | null;
  /** The MASE scale (NaN when unknown). */
  maseScale: number;
  /**
   * Scores one model's forecasts.
   * @param point [N] point forecasts
   * @param quantiles [N, Q] quantile forecasts at the scorer's levels, row-major
   */
  score(point: ArrayLike<number>, quantiles?: ArrayLike<number>): Promise<MetricSet>;
}

/**
 * The central interval for coverage: 10–90 % when both levels are reported,
 * else the outermost pair around the median, else none.
 *
 * @param levels the reported quantile levels
 * @returns the interval's two levels, or null
 * @example Usage
 * ```ts
 * import { coverageInterval } from "./score.ts";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(coverageInterval([0.05, 0.1, 0.5, 0.9, 0.95]), [0.1, 0.9]);
 * deepEqual(coverageInterval([0.25, 0.5, 0.75]), [0.25, 0.75]);
 * ```
 */
export function coverageInterval(levels: readonly number[]): [number, number] | null {
  const has = (l: number) => levels.some((x) => Math.abs(x - l) < 1e-9);
  if (has(0.1) && has(0.9)) return [0.1, 0.9];
  const lo = Math.min(...levels);
  const hi = Math.max(...levels);
  return lo < 0.5 && hi > 0.5 ? [lo, hi] : null;
}

/**
 * Chooses the metric kernel's path for the evaluation's size and returns a
 * scorer that reduces each model's forecasts against the same actuals.
 *
 * @param options device, actuals, levels and MASE scale
 * @returns the scorer
 * @example Usage
 * ```ts
 * import { createScorer } from "./score.ts";
 * import { equal } from "node:assert/strict";
 * const scorer = await createScorer({ device: "cpu", actual: [1, 2], levels: [] });
 * equal((await scorer.score([1, 4])).mae, 1);
 * ```
 */
export async function createScorer(options: ScorerOptions): Promise<Scorer> {
  const { actual, levels } = options;
  const Q = levels.length;
  const work = {
    actual,
    point: actual,
    quantiles: { levels, values: { length: actual.length * Q } },
  };
  const choice = await chooseKernel(
    "metric_reduce",
    options.device ?? "auto",
    metricReduceWorkBytes(work as MetricReduceInput),
    { onWarning: options.onWarning },
  );
  const interval = Q > 0 ? coverageInterval(levels) : null;
  const maseScale = options.maseScale
    ? seasonalScale(options.maseScale.train, options.maseScale.period)
    : NaN;
  const ctx = choice.ctx;
  return {
    choice: { path: choice.path, reason: choice.reason },
    interval,
    maseScale,
    async score(point, quantiles) {
      const input: MetricReduceInput = {
        actual,
        point,
        ...(quantiles && Q > 0 ? { quantiles: { levels, values: quantiles } } : {}),
        ...(interval ? { interval } : {}),
      };
      const sums = ctx ? await metricReduceGpu(ctx, input) : metricReduceCpu(input);
      return metricsFromSums(sums, Number.isFinite(maseScale) ? { maseScale } : {});
    },
  };
}
