/**
 * The one metric engine: forecasts are reduced to sums by the metric kernel
 * (kernels/metric_reduce: a WGSL path and a float64 CPU path with the same
 * definitions) and the sums become a `MetricSet`. A scorer picks one path for
 * a whole evaluation and scores every model against the same actuals and MASE
 * scale, with the central interval taken from the reported levels;
 * {@linkcode scoreForecasts} is the same engine's CPU path for one call.
 *
 * @module
 */

import { seasonalScale } from "./seasonal_scale.ts";
import type { MetricSet } from "../results/schema.ts";
import {
  metricReduceCpu,
  metricReduceGpu,
  type MetricReduceInput,
  metricReduceWorkBytes,
  metricsFromSums,
} from "../../kernels/metric_reduce.ts";
import { chooseKernel, type KernelChoice } from "../gpu/choose_kernel.ts";
import type { Device } from "../gpu/select.ts";

/**
 * Scores forecasts in float64 on the CPU (the metric kernel's CPU path). With
 * e = y − ŷ over the n steps whose actual is known: RMSE, MAE, R², MAPE (over
 * y ≠ 0, zeros counted in `mapeSkipped`), WAPE, sMAPE, MASE (MAE / `maseScale`),
 * and with quantiles the pinball loss per level, WQL and the coverage of the
 * central interval.
 *
 * @param input actuals, point forecasts, optional quantiles, interval and MASE scale
 * @returns the metric set
 * @throws {ShapeError} when lengths disagree
 * @throws {RangeError} when no actual is known, or a forecast is NaN where the actual is known
 * @example Usage
 * ```ts
 * import { scoreForecasts } from "@chronos-deno/chronos-deno/metrics";
 * import assert from "node:assert/strict";
 * const m = scoreForecasts({ actual: [1, 2, 0, 4], point: [2, 2, 1, 2], maseScale: 0.5 });
 * assert.equal(m.mae, 1);
 * assert.equal(m.mape, 50); // (1/1 + 0/2 + 2/4) / 3, the zero actual skipped
 * assert.equal(m.mase, 2);
 * ```
 */
export function scoreForecasts(input: MetricReduceInput): MetricSet {
  return metricsFromSums(metricReduceCpu(input));
}

/** Options of {@linkcode createScorer}. */
export interface ScorerOptions {
  /** The --device value. @default "auto" */
  device?: Device;
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
 * import { coverageInterval } from "@chronos-deno/chronos-deno/metrics";
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
 * import { createScorer } from "@chronos-deno/chronos-deno/metrics";
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
