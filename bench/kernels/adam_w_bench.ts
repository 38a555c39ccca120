/**
 * One AdamW step with global-norm clipping, CPU loop vs WGSL kernels, on
 * 10⁶ and 10⁷ parameters (LoRA-sized and a larger slice of Chronos-2).
 *
 * Run: `npx deno bench -A bench/kernels/adam_w_bench.ts`
 *
 * @module
 */

import { adamWCpu, adamWGpu, type AdamWState } from "../../kernels/adam_w.ts";
import { getGpuContext } from "../../lib/gpu/device.ts";
import { timed } from "./_throughput.ts";

function state(n: number): AdamWState {
  const params = new Float32Array(n);
  const grads = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    params[i] = Math.sin(i) * 0.1;
    grads[i] = Math.cos(i) * 0.01;
  }
  return { params, grads, m: new Float32Array(n), v: new Float32Array(n) };
}

const ctx = await getGpuContext().catch(() => undefined);
let step = 0;

for (const n of [1_000_000, 10_000_000]) {
  const s = state(n);
  // Reads params, grads, m, v; writes params, m, v.
  const bytes = n * 4 * 7;
  const group = `adam_w ${n} parameters`;
  Deno.bench({
    name: `cpu    ${n}`,
    group,
    baseline: true,
    n: n > 1e6 ? 5 : 20,
    warmup: 1,
    fn: timed(
      `adam_w cpu ${n}`,
      bytes,
      () => adamWCpu(s, { lr: 1e-4, step: ++step, maxGradNorm: 1 }),
    ),
  });
  Deno.bench({
    name: `webgpu ${n}`,
    group,
    ignore: !ctx,
    n: n > 1e6 ? 3 : 10,
    warmup: 1,
    fn: timed(
      `adam_w webgpu ${n}`,
      bytes,
      () => adamWGpu(ctx!, s, { lr: 1e-4, step: ++step, maxGradNorm: 1 }),
    ),
  });
}
