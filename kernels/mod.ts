/**
 * WGSL kernels, each with a CPU implementation of the same semantics (the
 * test oracle and the fallback): window tensorization for the model's
 * batches, metric reduction for scoring, and the AdamW step for fine-tuning.
 * Pick a path with `chooseKernelPath` from lib/gpu and each kernel's
 * `…WorkBytes` helper.
 *
 * @example Usage
 * ```ts
 * import { metricReduceCpu, metricsFromSums, windowGatherCpu } from "./mod.ts";
 * const batch = windowGatherCpu({
 *   series: [new Float32Array([1, 2, 3, 4])], origins: [2], contextLength: 2, predictionLength: 2,
 * });
 * const m = metricsFromSums(metricReduceCpu({ actual: batch.target, point: [3, 5] }));
 * if (m.mae !== 0.5) throw new Error();
 * ```
 *
 * @module
 */

export * from "./window_gather.ts";
export * from "./metric_reduce.ts";
export * from "./adam_w.ts";
export type { AdapterDescription, GpuContext, GpuLimits } from "../lib/gpu/device.ts";
export type { MetricSet } from "../lib/results/schema.ts";
