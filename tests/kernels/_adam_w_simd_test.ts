import { assert, assertStrictEquals } from "../_helpers/assert.ts";
import {
  adamWBuffers,
  adamWSimd,
  type SimdScalars,
  sumSquaresSimd,
} from "../../kernels/_adam_w_simd.ts";
import { seededRandom } from "../_helpers/random.ts";

const f = Math.fround;

/**
 * The AdamW update in f32 arithmetic, one rounding per operation, in torch's
 * order (the contract of `adamWCpu`); written here independently of the kernel.
 */
function scalarReference(
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  s: SimdScalars,
): void {
  for (let i = 0; i < p.length; i++) {
    const gi = f(g[i]! * s.scale);
    const decayed = f(p[i]! * s.decay);
    const m1 = f(m[i]! + f(s.oneMinusBeta1 * f(gi - m[i]!)));
    const v1 = f(f(v[i]! * s.beta2) + f(f(s.oneMinusBeta2 * gi) * gi));
    const denom = f(f(f(Math.sqrt(v1)) / s.bc2Sqrt) + s.eps);
    p[i] = f(decayed + f(s.negStepSize * f(m1 / denom)));
    m[i] = m1;
    v[i] = v1;
  }
}

function scalarsAt(step: number, lr: number, wd: number, scale: number): SimdScalars {
  return {
    scale: f(scale),
    decay: f(1 - lr * wd),
    beta2: f(0.999),
    oneMinusBeta1: f(1 - 0.9),
    oneMinusBeta2: f(1 - 0.999),
    negStepSize: f(-lr / (1 - 0.9 ** step)),
    bc2Sqrt: f(Math.sqrt(1 - 0.999 ** step)),
    eps: f(1e-8),
  };
}

/** Same bits (or both NaN): the SIMD path must not differ from the scalar one at all. */
function assertSameBits(actual: Float32Array, expected: Float32Array, label: string): void {
  assertStrictEquals(actual.length, expected.length, `${label}: length`);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== e[i] && !(Number.isNaN(actual[i]) && Number.isNaN(expected[i]))) {
      assert(false, `${label}: element ${i} is ${actual[i]}, the scalar loop gives ${expected[i]}`);
    }
  }
}

Deno.test("adamWSimd() equals the f32 scalar loop bit for bit over sizes around its chunk and lane edges", () => {
  // 16384 is the chunk length; 4 the lane count
  for (const n of [0, 1, 3, 4, 5, 16383, 16384, 16385, 40001]) {
    const rand = seededRandom(n + 1);
    const fill = (scale: number) => Float32Array.from({ length: n }, () => (rand() - 0.5) * scale);
    const simd = { p: fill(2), g: fill(0.2), m: new Float32Array(n), v: new Float32Array(n) };
    const ref = { p: simd.p.slice(), g: simd.g, m: new Float32Array(n), v: new Float32Array(n) };
    for (let step = 1; step <= 3; step++) {
      const s = scalarsAt(step, 1e-3, 0.01, step === 2 ? 0.37 : 1);
      assert(adamWSimd(simd.p, simd.g, simd.m, simd.v, s), "WebAssembly SIMD is available in Deno");
      scalarReference(ref.p, ref.g, ref.m, ref.v, s);
      assertSameBits(simd.p, ref.p, `n ${n} step ${step} θ`);
      assertSameBits(simd.m, ref.m, `n ${n} step ${step} m`);
      assertSameBits(simd.v, ref.v, `n ${n} step ${step} v`);
      for (let i = 0; i < n; i++) simd.g[i] = (rand() - 0.5) * 0.2;
    }
  }
});

Deno.test("adamWSimd() keeps subnormal, huge, zero and non-finite values like the scalar loop", () => {
  const special = [
    0,
    -0,
    1e-45,
    -3e-39,
    1e-38,
    3e38,
    -3e38,
    1,
    -1,
    65504,
    Infinity,
    -Infinity,
    NaN,
  ];
  const n = special.length * special.length;
  const p = new Float32Array(n);
  const g = new Float32Array(n);
  special.forEach((a, i) =>
    special.forEach((b, j) => (p[i * special.length + j] = a, g[i * special.length + j] = b))
  );
  const simd = { p, g, m: Float32Array.from(g, (x) => x * 0.5), v: Float32Array.from(g, Math.abs) };
  const ref = { p: p.slice(), g, m: simd.m.slice(), v: simd.v.slice() };
  const s = scalarsAt(5, 0.1, 0.5, 1);
  assert(adamWSimd(simd.p, simd.g, simd.m, simd.v, s));
  scalarReference(ref.p, ref.g, ref.m, ref.v, s);
  assertSameBits(simd.p, ref.p, "θ");
  assertSameBits(simd.m, ref.m, "m");
  assertSameBits(simd.v, ref.v, "v");
});

Deno.test("adamWSimd() updates buffers from adamWBuffers() in place, bit for bit like the scalar loop", () => {
  for (const n of [1, 3, 4, 5, 16385, 40001]) {
    const rand = seededRandom(n + 7);
    const b = adamWBuffers(n);
    assert(b, "WebAssembly SIMD is available in Deno");
    assert(b.params.buffer === b.grads.buffer, "one memory holds the four buffers");
    const ref = {
      p: new Float32Array(n),
      g: new Float32Array(n),
      m: new Float32Array(n),
      v: new Float32Array(n),
    };
    for (let i = 0; i < n; i++) ref.p[i] = b.params[i] = (rand() - 0.5) * 2;
    for (let step = 1; step <= 3; step++) {
      for (let i = 0; i < n; i++) ref.g[i] = b.grads[i] = (rand() - 0.5) * 0.2;
      const s = scalarsAt(step, 1e-3, 0.01, step === 2 ? 0.37 : 1);
      assert(adamWSimd(b.params, b.grads, b.m, b.v, s));
      scalarReference(ref.p, ref.g, ref.m, ref.v, s);
      assertSameBits(b.params, ref.p, `n ${n} step ${step} θ`);
      assertSameBits(b.m, ref.m, `n ${n} step ${step} m`);
      assertSameBits(b.v, ref.v, `n ${n} step ${step} v`);
    }
  }
});

Deno.test("sumSquaresSimd() sums the squared gradients in float64; undefined for other arrays", () => {
  for (const n of [1, 5, 40001]) {
    const rand = seededRandom(n);
    const b = adamWBuffers(n)!;
    let ref = 0;
    for (let i = 0; i < n; i++) {
      b.grads[i] = (rand() - 0.5) * 1e3;
      ref += b.grads[i]! * b.grads[i]!;
    }
    const got = sumSquaresSimd(b.grads)!;
    assert(Math.abs(got - ref) <= 1e-12 * ref, `n ${n}: ${got} vs ${ref}`);
    assertStrictEquals(sumSquaresSimd(b.params), undefined);
    assertStrictEquals(sumSquaresSimd(new Float32Array(n)), undefined);
  }
});

Deno.test("adamWBuffers() with threads: shared memory, the same bits as the scalar loop, the norm to rounding", async () => {
  // sizes that split unevenly over 3 threads and leave tail lanes
  for (const n of [1, 7, 40001, 250_003]) {
    const b = adamWBuffers(n, { threads: 3 });
    assert(b, "WebAssembly SIMD and shared memory are available in Deno");
    assert(b.params.buffer instanceof SharedArrayBuffer, "the buffers are shared");
    // let the helper threads start, so that they take their ranges (else the caller does all)
    await new Promise((r) => setTimeout(r, 100));
    const rand = seededRandom(n + 7);
    for (let i = 0; i < n; i++) b.params[i] = (rand() - 0.5) * 2;
    const ref = { p: b.params.slice(), m: new Float32Array(n), v: new Float32Array(n) };
    for (let step = 1; step <= 3; step++) {
      for (let i = 0; i < n; i++) b.grads[i] = (rand() - 0.5) * 0.2;
      let sq = 0;
      for (let i = 0; i < n; i++) sq += b.grads[i]! * b.grads[i]!;
      const sum = sumSquaresSimd(b.grads)!;
      assert(Math.abs(sum - sq) <= 1e-12 * sq, `n ${n}: Σg² ${sum} vs ${sq}`);
      const s = scalarsAt(step, 1e-3, 0.01, step === 2 ? 0.37 : 1);
      assert(adamWSimd(b.params, b.grads, b.m, b.v, s));
      scalarReference(ref.p, b.grads, ref.m, ref.v, s);
      assertSameBits(b.params, ref.p, `threads, n ${n} step ${step} θ`);
      assertSameBits(b.m, ref.m, `threads, n ${n} step ${step} m`);
      assertSameBits(b.v, ref.v, `threads, n ${n} step ${step} v`);
    }
  }
});
