import { assertStrictEquals, assertThrows } from "../_helpers/assert.ts";
import { assertClose } from "../_helpers/assert_close.ts";
import { ignore } from "../_helpers/gpu.ts";
import {
  ADAM_W_ITEMS_PER_THREAD,
  ADAM_W_WORKGROUP_SIZE as WG,
  adamWCpu,
  adamWGpu,
  type AdamWOptions,
  type AdamWState,
} from "../../kernels/adam_w.ts";
import { getGpuContext, releaseGpuContext } from "../../lib/gpu/device.ts";
import { ShapeError } from "../../lib/errors.ts";
import { seededRandom } from "../_helpers/random.ts";

const TILE = WG * ADAM_W_ITEMS_PER_THREAD;

/**
 * torch.optim.AdamW (amsgrad off) after torch.nn.utils.clip_grad_norm_, written
 * in float64 from the algorithm in torch's documentation:
 * θ ← θ − γλθ; m ← β1 m + (1 − β1) g; v ← β2 v + (1 − β2) g²;
 * m̂ = m / (1 − β1ᵗ); v̂ = v / (1 − β2ᵗ); θ ← θ − γ m̂ / (√v̂ + ε).
 */
function torchReference(
  s: { params: number[]; grads: number[]; m: number[]; v: number[] },
  o: AdamWOptions,
): number {
  const [b1, b2, eps, wd] = [
    o.beta1 ?? 0.9,
    o.beta2 ?? 0.999,
    o.eps ?? 1e-8,
    o.weightDecay ?? 0.01,
  ];
  const norm = Math.sqrt(s.grads.reduce((a, g) => a + g * g, 0));
  const scale = o.maxGradNorm === undefined ? 1 : Math.min(1, o.maxGradNorm / (norm + 1e-6));
  for (let i = 0; i < s.params.length; i++) {
    const g = s.grads[i]! * scale;
    s.params[i]! -= o.lr * wd * s.params[i]!;
    s.m[i] = b1 * s.m[i]! + (1 - b1) * g;
    s.v[i] = b2 * s.v[i]! + (1 - b2) * g * g;
    const mHat = s.m[i]! / (1 - b1 ** o.step);
    const vHat = s.v[i]! / (1 - b2 ** o.step);
    s.params[i]! -= (o.lr * mHat) / (Math.sqrt(vHat) + eps);
  }
  return norm;
}

function randomState(seed: number, n: number): AdamWState {
  const rand = seededRandom(seed);
  const fill = (scale: number) => Float32Array.from({ length: n }, () => (rand() - 0.5) * scale);
  return { params: fill(2), grads: fill(0.2), m: new Float32Array(n), v: new Float32Array(n) };
}

function copy(s: AdamWState): AdamWState {
  return { params: s.params.slice(), grads: s.grads.slice(), m: s.m.slice(), v: s.v.slice() };
}

Deno.test("adamWCpu() first step moves each parameter by lr against its gradient", () => {
  const state: AdamWState = {
    params: new Float32Array([1, -1, 0.5]),
    grads: new Float32Array([3, -4, 0]),
    m: new Float32Array(3),
    v: new Float32Array(3),
  };
  const r = adamWCpu(state, { lr: 0.1, step: 1, weightDecay: 0 });
  assertStrictEquals(r.gradNorm, 5);
  assertStrictEquals(r.clipScale, 1);
  // Step 1: m̂ = g, v̂ = g², so Δθ = −lr·g/(|g| + ε) = −lr·sign(g); zero gradient: no move.
  assertClose(state.params, [0.9, -0.9, 0.5], { atol: 1e-7, rtol: 0 });
  assertClose(state.m, [0.3, -0.4, 0], { rtol: 1e-6 });
  assertClose(state.v, [0.009, 0.016, 0], { rtol: 1e-6 });
});

Deno.test("adamWCpu() matches torch's AdamW algorithm in float64 over several steps", () => {
  for (const extra of [{}, { maxGradNorm: 0.5 }, { weightDecay: 0.1, beta1: 0.8, eps: 1e-6 }]) {
    const state = randomState(1, 1000);
    const ref = {
      params: [...state.params],
      grads: [...state.grads],
      m: [...state.m],
      v: [...state.v],
    };
    for (let step = 1; step <= 5; step++) {
      const o: AdamWOptions = { lr: 1e-3 * step, step, ...extra };
      const norm = torchReference(ref, o);
      const r = adamWCpu(state, o);
      assertClose(r.gradNorm, norm, { rtol: 1e-12, label: `norm step ${step}` });
      assertClose(state.params, ref.params, { atol: 1e-6, rtol: 1e-5, label: `θ step ${step}` });
      assertClose(state.m, ref.m, { atol: 1e-9, rtol: 1e-5, label: `m step ${step}` });
      assertClose(state.v, ref.v, { atol: 1e-12, rtol: 1e-5, label: `v step ${step}` });
    }
  }
});

Deno.test("adamWCpu() clips by global norm like clip_grad_norm_", () => {
  const state: AdamWState = {
    params: new Float32Array(2),
    grads: new Float32Array([6, 8]),
    m: new Float32Array(2),
    v: new Float32Array(2),
  };
  const r = adamWCpu(state, { lr: 1, step: 1, maxGradNorm: 1, beta1: 0 });
  assertStrictEquals(r.gradNorm, 10);
  assertClose(r.clipScale, 1 / (10 + 1e-6), { rtol: 1e-7 });
  assertClose(state.m, [0.6, 0.8], { rtol: 1e-6 });
  assertStrictEquals(state.grads[0], 6); // gradients are not modified
  const small = adamWCpu(randomState(2, 10), { lr: 1, step: 1, maxGradNorm: 100 });
  assertStrictEquals(small.clipScale, 1);
});

Deno.test("adamWCpu() rejects bad buffers and hyper-parameters", () => {
  const s = randomState(3, 4);
  assertThrows(() => adamWCpu({ ...s, m: new Float32Array(3) }, { lr: 1, step: 1 }), ShapeError);
  assertThrows(() => adamWCpu(s, { lr: 0, step: 1 }), RangeError);
  assertThrows(() => adamWCpu(s, { lr: NaN, step: 1 }), RangeError);
  assertThrows(() => adamWCpu(s, { lr: 1, step: 0 }), RangeError);
  assertThrows(() => adamWCpu(s, { lr: 1, step: 1, beta2: 1 }), RangeError);
  assertThrows(() => adamWCpu(s, { lr: 1, step: 1, maxGradNorm: -1 }), RangeError);
});

Deno.test({
  name: "adamWGpu() matches the CPU path on edge sizes, with and without clipping",
  ignore,
  fn: async () => {
    const ctx = await getGpuContext();
    try {
      const empty = await adamWGpu(ctx, randomState(4, 0), { lr: 1, step: 1 });
      assertStrictEquals(empty.gradNorm, 0);
      for (const n of [1, WG - 1, WG, WG + 1, TILE - 1, TILE + 1, 3 * TILE + 5]) {
        for (const maxGradNorm of [undefined, 0.05]) {
          const gpu = randomState(n, n);
          const cpu = copy(gpu);
          for (let step = 1; step <= 3; step++) {
            const o: AdamWOptions = { lr: 1e-2, step, ...(maxGradNorm ? { maxGradNorm } : {}) };
            const label = `n ${n} clip ${maxGradNorm} step ${step}`;
            const rg = await adamWGpu(ctx, gpu, o);
            const rc = adamWCpu(cpu, o);
            assertClose(rg.gradNorm, rc.gradNorm, { rtol: 1e-6, label: `${label}: norm` });
            assertClose(rg.clipScale, rc.clipScale, { rtol: 1e-6, label: `${label}: scale` });
            assertClose(gpu.params, cpu.params, { atol: 1e-6, rtol: 1e-5, label: `${label}: θ` });
            assertClose(gpu.m, cpu.m, { atol: 1e-9, rtol: 1e-5, label: `${label}: m` });
            assertClose(gpu.v, cpu.v, { atol: 1e-12, rtol: 1e-5, label: `${label}: v` });
          }
        }
      }
    } finally {
      await releaseGpuContext();
    }
  },
});

Deno.test({
  name: "adamWGpu() splits large buffers into chunks and still clips by the global norm",
  ignore,
  fn: async () => {
    const ctx = await getGpuContext();
    try {
      const n = 5 * TILE + 17;
      const gpu = randomState(9, n);
      const cpu = copy(gpu);
      const o: AdamWOptions = { lr: 1e-2, step: 1, maxGradNorm: 0.1 };
      // One tile per binding: six chunks, six partial-sum dispatches, one norm.
      const rg = await adamWGpu(ctx, gpu, { ...o, maxBindingBytes: TILE * 4 });
      const rc = adamWCpu(cpu, o);
      assertClose(rg.gradNorm, rc.gradNorm, { rtol: 1e-6, label: "norm" });
      assertClose(gpu.params, cpu.params, { atol: 1e-6, rtol: 1e-5, label: "θ" });
      assertClose(gpu.v, cpu.v, { atol: 1e-12, rtol: 1e-5, label: "v" });
    } finally {
      await releaseGpuContext();
    }
  },
});
