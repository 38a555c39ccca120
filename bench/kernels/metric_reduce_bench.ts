/**
 * Metric reduction, float64 CPU loop vs WGSL kernel, on 10⁶ elements with 9
 * quantile levels (and 10³ elements, to show the fixed cost of a GPU call).
 *
 * Run: `npx deno bench -A bench/kernels/metric_reduce_bench.ts`
 *
 * @module
 */

import {
  metricReduceCpu,
  metricReduceGpu,
  type MetricReduceInput,
} from "../../kernels/metric_reduce.ts";
import { getGpuContext } from "../../lib/gpu/device.ts";
import { timed } from "./_throughput.ts";

const LEVELS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

function input(n: number): MetricReduceInput {
  const actual = new Float32Array(n);
  const point = new Float32Array(n);
  const values = new Float32Array(n * LEVELS.length);
  for (let i = 0; i < n; i++) {
    actual[i] = i % 997 === 0 ? NaN : 40 + 30 * Math.sin(i / 20);
    point[i] = 40 + 30 * Math.sin((i + 1) / 20);
    for (let k = 0; k < LEVELS.length; k++) values[i * 9 + k] = point[i]! + (LEVELS[k]! - 0.5) * 10;
  }
  return { actual, point, quantiles: { levels: LEVELS, values } };
}

const ctx = await getGpuContext().catch(() => undefined);

for (const n of [1_000, 1_000_000]) {
  const data = input(n);
  const bytes = n * 4 * (2 + LEVELS.length);
  const group = `metric_reduce ${n} × (2 + 9 quantiles)`;
  Deno.bench({
    name: `cpu    ${n}`,
    group,
    baseline: true,
    n: n > 1000 ? 30 : 500,
    warmup: 2,
    fn: timed(`metric_reduce cpu ${n}`, bytes, () => metricReduceCpu(data)),
  });
  Deno.bench({
    name: `webgpu ${n}`,
    group,
    ignore: !ctx,
    n: n > 1000 ? 10 : 30,
    warmup: 2,
    fn: timed(`metric_reduce webgpu ${n}`, bytes, () => metricReduceGpu(ctx!, data)),
  });
}
