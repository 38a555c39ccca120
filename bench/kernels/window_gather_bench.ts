/**
 * Window tensorization, CPU loop vs WGSL kernel, on 35,000 windows × 512
 * context steps (+ 64 horizon steps): one target row, and target + 9
 * covariates of which 4 are known in advance (the steel layout).
 *
 * Run: `npx deno bench -A bench/kernels/window_gather_bench.ts`
 *
 * @module
 */

import {
  windowGatherCpu,
  windowGatherGpu,
  type WindowGatherInput,
} from "../../kernels/window_gather.ts";
import { getGpuContext } from "../../lib/gpu/device.ts";
import { timed } from "./_throughput.ts";

const T = 35_040;
const B = 35_000;
const L = 512;
const H = 64;

function input(rows: number): WindowGatherInput {
  const series = Array.from({ length: rows }, (_, r) => {
    const a = new Float32Array(T);
    for (let t = 0; t < T; t++) a[t] = Math.sin(t / 96 + r) * 50 + 50;
    return a;
  });
  const origins = Array.from({ length: B }, (_, b) => b);
  const futureKnown = Array.from({ length: rows }, (_, r) => r >= 1 && r <= 4);
  return { series, origins, contextLength: L, predictionLength: H, futureKnown };
}

/** Bytes written (context, future, target, group ids) plus series and origins read. */
function bytes(rows: number): number {
  return 4 * (B * rows * (L + H) + B * H + B * rows) + 4 * (rows * T + B);
}

const ctx = await getGpuContext().catch(() => undefined);

for (const rows of [1, 10]) {
  const data = input(rows);
  const group = `window_gather ${B}×${L} (+${H}), ${rows} row(s)`;
  Deno.bench({
    name: `cpu   ${rows} row(s)`,
    group,
    baseline: true,
    n: rows === 1 ? 20 : 5,
    warmup: 1,
    fn: timed(`window_gather cpu ${rows} row(s)`, bytes(rows), () => windowGatherCpu(data)),
  });
  Deno.bench({
    name: `webgpu ${rows} row(s)`,
    group,
    ignore: !ctx,
    n: rows === 1 ? 5 : 2,
    warmup: 1,
    fn: timed(
      `window_gather webgpu ${rows} row(s)`,
      bytes(rows),
      () => windowGatherGpu(ctx!, data),
    ),
  });
}
