/**
 * The AdamW update of `adamWCpu` as a WebAssembly SIMD loop (4 f32 lanes):
 * the same operations in the same order, each one an IEEE f32 operation, so
 * the results equal the `Math.fround` loop's bit for bit, 5–10× faster. The
 * module (one function, one small memory) is encoded below, so nothing is
 * fetched or compiled from text. The buffers pass through that memory in
 * chunks small enough to stay in the L2 cache.
 *
 * @module
 */

/** Scalars of one update, each already rounded to f32. */
export interface SimdScalars {
  /** Gradient clip factor. */
  scale: number;
  /** 1 − lr·λ. */
  decay: number;
  /** β2. */
  beta2: number;
  /** 1 − β1. */
  oneMinusBeta1: number;
  /** 1 − β2. */
  oneMinusBeta2: number;
  /** −lr / (1 − β1ᵗ). */
  negStepSize: number;
  /** √(1 − β2ᵗ). */
  bc2Sqrt: number;
  /** ε. */
  eps: number;
}

/** Elements per buffer per chunk (4 buffers × 64 KiB: inside L2). */
const CHUNK = 16384;

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    const low = n & 0x7f;
    n >>>= 7;
    out.push(n ? low | 0x80 : low);
  } while (n);
  return out;
}

/**
 * The module: `update(p, g, m, v, bytes, scale, decay, beta2, 1−β1, 1−β2,
 * −step, bc2, eps)` over byte offsets into its memory (exported as `mem`).
 * Locals: 13 = offset, 14–21 = the splatted scalars, 22 = g, 23 = m, 24 = m₁,
 * 25 = v₁.
 */
function moduleBytes(): Uint8Array<ArrayBuffer> {
  const simd = (op: number) => [0xfd, ...leb(op)];
  const get = (i: number) => [0x20, i];
  const set = (i: number) => [0x21, i];
  const load = [...simd(0x00), 4, 0];
  const store = [...simd(0x0b), 4, 0];
  const [splat, sqrt, add, sub, mul, div] = [
    simd(0x13),
    simd(0xe3),
    simd(0xe4),
    simd(0xe5),
    simd(0xe6),
    simd(0xe7),
  ];
  const at = (base: number) => [...get(base), ...get(13), 0x6a]; // base + offset
  const code = [
    [0, 1, 2, 3, 4, 5, 6, 7].flatMap((k) => [...get(5 + k), ...splat, ...set(14 + k)]),
    [0x02, 0x40, 0x03, 0x40], // block, loop
    [...get(13), ...get(4), 0x4f, 0x0d, 1], // offset >= bytes: break
    [...at(1), ...load, ...get(14), ...mul, ...set(22)], // g = grad·scale
    [...at(2), ...load, ...set(23)], // m
    [...get(23), ...get(17), ...get(22), ...get(23), ...sub, ...mul, ...add, ...set(24)], // m₁ = m + (1−β1)(g − m)
    [...at(3), ...load, ...get(16), ...mul], // v·β2
    [...get(18), ...get(22), ...mul, ...get(22), ...mul, ...add, ...set(25)], // v₁ = v·β2 + ((1−β2)·g)·g
    [...at(2), ...get(24), ...store, ...at(3), ...get(25), ...store],
    [...at(0), ...at(0), ...load, ...get(15), ...mul], // θ·decay
    [...get(19), ...get(24), ...get(25), ...sqrt, ...get(20), ...div, ...get(21), ...add], // √v₁ / bc2 + ε
    [...div, ...mul, ...add, ...store], // θ ← θ·decay + (−step)·(m₁ / …)
    [...get(13), 0x41, 16, 0x6a, ...set(13), 0x0c, 0], // offset += 16; continue
    [0x0b, 0x0b, 0x0b], // end loop, block, function
  ].flat();
  const body = [2, 1, 0x7f, 12, 0x7b, ...code]; // locals: 1 i32, 12 v128
  const section = (id: number, content: number[]) => [id, ...leb(content.length), ...content];
  const name = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
  const pages = Math.ceil((4 * CHUNK * 4) / 65536);
  const params = [13, ...Array(5).fill(0x7f), ...Array(8).fill(0x7d)]; // 5 i32, 8 f32
  return new Uint8Array([
    [0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0], // "\0asm", version 1
    section(1, [1, 0x60, ...params, 0]), // type: (params) -> ()
    section(3, [1, 0]), // function 0 has type 0
    section(5, [1, 0, ...leb(pages)]), // one memory
    section(7, [2, ...name("update"), 0, 0, ...name("mem"), 2, 0]), // exports
    section(10, [1, ...leb(body.length), ...body]), // code
  ].flat());
}

type Update = (p: number, g: number, m: number, v: number, bytes: number, ...s: number[]) => void;
let compiled: { update: Update; heap: Float32Array } | null | undefined;

function instance(): { update: Update; heap: Float32Array } | null {
  if (compiled !== undefined) return compiled;
  try {
    const inst = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes()));
    compiled = {
      update: inst.exports.update as Update,
      heap: new Float32Array((inst.exports.mem as WebAssembly.Memory).buffer),
    };
  } catch {
    compiled = null; // no WebAssembly SIMD here: the caller keeps its scalar loop
  }
  return compiled;
}

/**
 * One AdamW update of `params`, `m` and `v` in place (the gradient norm and
 * the scalars are the caller's), equal bit for bit to `adamWCpu`'s scalar loop.
 *
 * @param params θ
 * @param grads gradients (read only)
 * @param m first moments
 * @param v second moments
 * @param s the step's scalars (f32 values)
 * @returns false, with nothing changed, when WebAssembly SIMD is unavailable
 * @example Usage
 * ```ts
 * import { adamWSimd } from "./_adam_w_simd.ts";
 * const p = new Float32Array([1]);
 * const ok = adamWSimd(p, new Float32Array([1]), new Float32Array(1), new Float32Array(1), {
 *   scale: 1, decay: 1, beta2: Math.fround(0.999), oneMinusBeta1: Math.fround(0.1),
 *   oneMinusBeta2: Math.fround(0.001), negStepSize: -1, bc2Sqrt: Math.fround(Math.sqrt(0.001)),
 *   eps: Math.fround(1e-8),
 * });
 * // the first step moves θ by lr (0.1 here) against the gradient's sign
 * if (ok && Math.abs(p[0]! - 0.9) > 1e-6) throw new Error();
 * ```
 */
export function adamWSimd(
  params: Float32Array,
  grads: Float32Array,
  m: Float32Array,
  v: Float32Array,
  s: SimdScalars,
): boolean {
  const wasm = instance();
  if (!wasm) return false;
  const { update, heap } = wasm;
  const n = params.length;
  const [P, G, M, V] = [0, CHUNK, 2 * CHUNK, 3 * CHUNK];
  for (let a = 0; a < n; a += CHUNK) {
    const len = Math.min(CHUNK, n - a);
    const b = a + len;
    heap.set(params.subarray(a, b), P);
    heap.set(grads.subarray(a, b), G);
    heap.set(m.subarray(a, b), M);
    heap.set(v.subarray(a, b), V);
    const lanes = (len + 3) & ~3; // the last chunk's tail lanes compute on zeros, never copied out
    if (lanes > len) { for (const o of [P, G, M, V]) heap.fill(0, o + len, o + lanes); }
    update(
      P * 4,
      G * 4,
      M * 4,
      V * 4,
      lanes * 4,
      s.scale,
      s.decay,
      s.beta2,
      s.oneMinusBeta1,
      s.oneMinusBeta2,
      s.negStepSize,
      s.bc2Sqrt,
      s.eps,
    );
    params.set(heap.subarray(P, P + len), a);
    m.set(heap.subarray(M, M + len), a);
    v.set(heap.subarray(V, V + len), a);
  }
  return true;
}
