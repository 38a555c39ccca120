/**
 * The AdamW update of `adamWCpu` as a WebAssembly SIMD loop (4 f32 lanes):
 * the same operations in the same order, each one an IEEE f32 operation, so
 * the results equal the `Math.fround` loop's bit for bit, 5–10× faster. The
 * module (two functions, one memory) is encoded below, so nothing is fetched
 * or compiled from text. Buffers from elsewhere pass through a small memory
 * in chunks small enough to stay in the L2 cache; buffers allocated by
 * {@linkcode adamWBuffers} live in the module's own memory, so a step reads
 * and writes them in place (no copies) and the gradient norm is summed there
 * too (`sumsq`, float64 lanes): one pass to read the gradients, one to update.
 *
 * @module
 */

import { byteRanges, startWasmHelpers, type WasmHelpers } from "./_wasm_threads.ts";
import { leb, name, section, simd } from "./_wasm_encoding.ts";

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

/**
 * The module: `update(p, g, m, v, bytes, scale, decay, beta2, 1−β1, 1−β2,
 * −step, bc2, eps)` over byte offsets into its memory (exported as `mem`).
 * Locals: 13 = offset, 14–21 = the splatted scalars, 22 = g, 23 = m, 24 = m₁,
 * 25 = v₁. And `sumsq(g, bytes) → f64`: Σ g² with each f32 widened to f64,
 * in two f64x2 accumulators (locals: 2 = offset, 3 = sum, 4 = x).
 */
function moduleBytes(pages: number, shared = false): Uint8Array<ArrayBuffer> {
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
  const [promote, fadd, fmul, lane] = [simd(0x5f), simd(0xf0), simd(0xf2), simd(0x21)];
  // the upper two f32 lanes moved down, so that promote_low widens them
  const high = [...simd(0x0d), 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
  const x = [...get(0), ...get(2), 0x6a, ...load, ...set(4)];
  const sq = (half: number[]) => [...get(4), ...get(4), ...half, ...promote];
  const sumsq = [
    [0x02, 0x40, 0x03, 0x40], // block, loop
    [...get(2), ...get(1), 0x4f, 0x0d, 1], // offset >= bytes: break
    x,
    [...get(3), ...sq([]).slice(2), ...sq([]).slice(2), ...fmul, ...fadd, ...set(3)], // lanes 0, 1
    [...get(3), ...sq(high), ...sq(high), ...fmul, ...fadd, ...set(3)], // lanes 2, 3
    [...get(2), 0x41, 16, 0x6a, ...set(2), 0x0c, 0], // offset += 16; continue
    [0x0b, 0x0b],
    [...get(3), ...lane, 0, ...get(3), ...lane, 1, 0xa0, 0x0b], // sum[0] + sum[1]
  ].flat();
  const body2 = [2, 1, 0x7f, 2, 0x7b, ...sumsq]; // locals: 1 i32, 2 v128
  const params = [13, ...Array(5).fill(0x7f), ...Array(8).fill(0x7d)]; // 5 i32, 8 f32
  return new Uint8Array([
    [0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0], // "\0asm", version 1
    section(1, [2, 0x60, ...params, 0, 0x60, 2, 0x7f, 0x7f, 1, 0x7c]), // types: update, sumsq
    // shared: the memory is imported as env.mem (limits flag 3: shared, with a maximum)
    shared
      ? section(2, [1, ...name("env"), ...name("mem"), 2, 3, ...leb(pages), ...leb(pages)])
      : [],
    section(3, [2, 0, 1]), // function 0 has type 0, function 1 type 1
    shared ? [] : section(5, [1, 0, ...leb(pages)]), // one memory
    section(7, [
      3,
      ...name("update"),
      0,
      0,
      ...name("sumsq"),
      0,
      1,
      ...name("mem"),
      2,
      0,
    ]), // exports
    section(10, [2, ...leb(body.length), ...body, ...leb(body2.length), ...body2]), // code
  ].flat());
}

/** The exports a helper thread runs, by index. */
const EXPORTS = ["update", "sumsq"] as const;
const [UPDATE, SUMSQ] = [0, 1];

type Update = (p: number, g: number, m: number, v: number, bytes: number, ...s: number[]) => void;
type SumSq = (g: number, bytes: number) => number;
interface Kernel {
  update: Update;
  sumsq: SumSq;
  heap: Float32Array;
  /** Helper threads on the same (shared) memory, when the buffers were allocated with threads. */
  helpers?: WasmHelpers;
}
let compiled: Kernel | null | undefined;

function instantiate(pages: number, threads = 1): Kernel {
  if (threads > 1) {
    const module = new WebAssembly.Module(moduleBytes(pages, true));
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    const inst = new WebAssembly.Instance(module, { env: { mem: memory } });
    const helpers = startWasmHelpers(module, memory, EXPORTS, threads - 1);
    return {
      update: inst.exports.update as Update,
      sumsq: inst.exports.sumsq as SumSq,
      heap: new Float32Array(memory.buffer),
      ...(helpers ? { helpers } : {}),
    };
  }
  const inst = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes(pages)));
  return {
    update: inst.exports.update as Update,
    sumsq: inst.exports.sumsq as SumSq,
    heap: new Float32Array((inst.exports.mem as WebAssembly.Memory).buffer),
  };
}

function instance(): Kernel | null {
  if (compiled !== undefined) return compiled;
  try {
    compiled = instantiate(Math.ceil((4 * CHUNK * 4) / 65536));
  } catch {
    compiled = null; // no WebAssembly SIMD here: the caller keeps its scalar loop
  }
  return compiled;
}

/** Kernels whose memory holds buffers from {@linkcode adamWBuffers}, by that memory. */
const resident = new WeakMap<ArrayBufferLike, { kernel: Kernel; lanes: number }>();

/** Flat optimizer buffers in one WebAssembly memory (see {@linkcode adamWBuffers}). */
export interface ResidentBuffers {
  /** Parameters. */
  params: Float32Array;
  /** Gradients. */
  grads: Float32Array;
  /** First moments. */
  m: Float32Array;
  /** Second moments. */
  v: Float32Array;
}

/** Options of {@linkcode adamWBuffers}. */
export interface AdamWBufferOptions {
  /**
   * Threads that update (and sum) the buffers, the calling one included
   * (`_adam_w_threads.ts`). Above 1 the buffers live in shared memory
   * (`SharedArrayBuffer`), which not every consumer accepts: onnxruntime-node
   * rejects it, ORT's C API takes it. @default {1}
   */
  threads?: number;
}

/**
 * Allocates zeroed `params`, `grads`, `m` and `v` of `n` values each inside
 * the memory of a kernel instance of their own, so that {@linkcode adamWSimd}
 * updates them in place and {@linkcode sumSquaresSimd} sums them there:
 * no copies through a staging buffer (7 of the 4 + 3 buffer passes a step
 * made). The four together may not exceed 4 GiB (WebAssembly's 32-bit memory).
 *
 * @param n values per buffer
 * @param options threads
 * @returns the four buffers, or null without WebAssembly SIMD or when too large
 * @example Usage
 * ```ts
 * import { adamWBuffers, sumSquaresSimd } from "./_adam_w_simd.ts";
 * const b = adamWBuffers(5);
 * if (b) {
 *   b.grads.set([1, 2, 3, 4, 5]);
 *   if (sumSquaresSimd(b.grads) !== 55) throw new Error();
 * }
 * ```
 */
export function adamWBuffers(n: number, options: AdamWBufferOptions = {}): ResidentBuffers | null {
  if (!instance()) return null;
  const lanes = (n + 3) & ~3; // whole v128s; the tail lanes stay zero
  const pages = Math.ceil((4 * lanes * 4) / 65536);
  if (pages > 65536) return null;
  let kernel: Kernel;
  try {
    kernel = instantiate(pages, Math.max(1, Math.floor(options.threads ?? 1)));
  } catch {
    return null; // the memory could not be reserved
  }
  const at = (k: number) => kernel.heap.subarray(k * lanes, k * lanes + n);
  resident.set(kernel.heap.buffer, { kernel, lanes });
  return { params: at(0), grads: at(1), m: at(2), v: at(3) };
}

/**
 * Σ g² in float64 over gradients allocated by {@linkcode adamWBuffers}
 * (float64 lanes, so the sum is the scalar loop's up to rounding order).
 *
 * @param grads the `grads` buffer of {@linkcode adamWBuffers}
 * @returns the sum, or undefined when `grads` lives elsewhere
 */
export function sumSquaresSimd(grads: Float32Array): number | undefined {
  const r = resident.get(grads.buffer);
  if (!r || grads.byteOffset !== r.lanes * 4 || grads.length > r.lanes) return undefined;
  const { helpers, sumsq } = r.kernel;
  if (!helpers) return sumsq(grads.byteOffset, r.lanes * 4);
  const parts = byteRanges(r.lanes * 4, helpers.threads).map(([start, end]) =>
    end > start ? [grads.byteOffset + start, end - start] : null
  );
  return helpers.run(SUMSQ, parts, sumsq).reduce((a, x) => a + x, 0);
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
  // the update's scalar arguments, in the module's order
  const scalars = [
    s.scale,
    s.decay,
    s.beta2,
    s.oneMinusBeta1,
    s.oneMinusBeta2,
    s.negStepSize,
    s.bc2Sqrt,
    s.eps,
  ];
  const r = resident.get(params.buffer);
  if (
    r && grads.buffer === params.buffer && m.buffer === params.buffer &&
    v.buffer === params.buffer &&
    [params, grads, m, v].every((x, k) => x.byteOffset === k * r.lanes * 4)
  ) {
    // in place: the tail lanes up to a whole v128 hold zeros and stay zero
    const offsets = [0, r.lanes * 4, 2 * r.lanes * 4, 3 * r.lanes * 4] as const;
    const { helpers, update } = r.kernel;
    if (helpers) {
      const parts = byteRanges(r.lanes * 4, helpers.threads).map(([start, end]) =>
        end > start ? [...offsets.map((o) => o + start), end - start, ...scalars] : null
      );
      helpers.run(UPDATE, parts, update);
    } else update(...offsets, r.lanes * 4, ...scalars);
    return true;
  }
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
    update(P * 4, G * 4, M * 4, V * 4, lanes * 4, ...scalars);
    params.set(heap.subarray(P, P + len), a);
    m.set(heap.subarray(M, M + len), a);
    v.set(heap.subarray(V, V + len), a);
  }
  return true;
}
