/**
 * Dropout keep-masks from a counter-based generator: element `i` of a mask
 * with key `k` is kept when `fmix32(k + i·φ)` (MurmurHash3's finaliser over
 * a Weyl sequence, φ = 0x9e3779b9: splitmix32's construction) is at least
 * `round(p·2³²)`. No element depends on the one before, so the draws run four
 * lanes at a time in a WebAssembly SIMD loop: a full-size Chronos-2 training
 * step needs about 20M mask values, 60–80 ms with a sequential generator
 * (xoshiro128**, in JavaScript or WebAssembly alike: its dependency chain is
 * the bound) and about 17 ms here (measured on this 2-core machine, copy into
 * the caller's mask included). The scalar loop below is the definition and
 * the fallback; both give the same bits.
 *
 * @module
 */

import { leb, name, section, simd, sleb } from "../../kernels/_wasm_encoding.ts";

const PHI = 0x9e3779b9 | 0;
/** Floats per chunk: the module's memory is 16 pages (1 MiB). */
const CHUNK = (16 * 65536) / 4;

/**
 * The 32-bit draw of element `i` under `key` (unsigned).
 *
 * @param key the mask's key
 * @param i the element index
 * @returns the draw in [0, 2³²)
 * @example Usage
 * ```ts
 * import { keepMaskDraw } from "@chronos-deno/chronos-deno/optim";
 * import assert from "node:assert/strict";
 * assert.equal(keepMaskDraw(7, 3), keepMaskDraw(7, 3));
 * assert.notEqual(keepMaskDraw(7, 3), keepMaskDraw(7, 4));
 * ```
 */
export function keepMaskDraw(key: number, i: number): number {
  let z = (key + Math.imul(i, PHI)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * The module: `fill(from, to, key, threshold, keepBits)` writes, from byte
 * `from` to `to` (whole v128s), the f32 `keep` (given as its bits) or 0 for
 * the draws of elements 0, 1, … under `key`. Locals: 5 = counters, 6 = step,
 * 7 = z, 8 = threshold, 9 = keep.
 */
function moduleBytes(): Uint8Array<ArrayBuffer> {
  const get = (i: number) => [0x20, i];
  const set = (i: number) => [0x21, i];
  const i32 = (v: number) => [0x41, ...sleb(v | 0)];
  const vconst = (lanes: number[]) => [
    ...simd(0x0c),
    ...lanes.flatMap((v) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]),
  ];
  const [splat, and, xor, geU, shrU, add, mul] = [
    simd(0x11),
    simd(0x4e),
    simd(0x51),
    simd(0x40),
    simd(0xad),
    simd(0xae),
    simd(0xb5),
  ];
  const mix = (shift: number, factor: number | undefined) => [
    ...get(7),
    ...get(7),
    ...i32(shift),
    ...shrU,
    ...xor,
    ...(factor === undefined ? [] : [...vconst([factor, factor, factor, factor]), ...mul]),
    ...set(7),
  ];
  const code = [
    [
      ...get(2),
      ...splat,
      ...vconst([0, PHI, 2 * PHI, 3 * PHI].map((v) => v | 0)),
      ...add,
      ...set(5),
    ],
    [...i32(4 * PHI), ...splat, ...set(6)],
    [...get(3), ...splat, ...set(8), ...get(4), ...splat, ...set(9)],
    [0x02, 0x40, 0x03, 0x40], // block, loop
    [...get(0), ...get(1), 0x4f, 0x0d, 1], // from >= to: break
    [...get(5), ...set(7), ...get(5), ...get(6), ...add, ...set(5)], // z = c; c += 4φ
    mix(16, 0x85ebca6b),
    mix(13, 0xc2b2ae35),
    mix(16, undefined),
    [...get(0), ...get(7), ...get(8), ...geU, ...get(9), ...and, ...simd(0x0b), 4, 0], // store
    [...get(0), ...i32(16), 0x6a, ...set(0), 0x0c, 0], // from += 16; continue
    [0x0b, 0x0b, 0x0b],
  ].flat();
  const body = [1, 5, 0x7b, ...code]; // locals: 5 v128
  return new Uint8Array([
    [0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    section(1, [1, 0x60, 5, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]), // (i32 ×5) -> ()
    section(3, [1, 0]),
    section(5, [1, 0, 16]), // 16 pages
    section(7, [2, ...name("fill"), 0, 0, ...name("mem"), 2, 0]),
    section(10, [1, ...leb(body.length), ...body]),
  ].flat());
}

interface Filler {
  fill(from: number, to: number, key: number, threshold: number, keepBits: number): void;
  heap: Float32Array;
}
let compiled: Filler | null | undefined;

function filler(): Filler | null {
  if (compiled !== undefined) return compiled;
  try {
    const inst = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes()));
    compiled = {
      fill: inst.exports.fill as Filler["fill"],
      heap: new Float32Array((inst.exports.mem as WebAssembly.Memory).buffer),
    };
  } catch {
    compiled = null; // no WebAssembly SIMD here: the scalar loop runs
  }
  return compiled;
}

/**
 * Fills `out` with the keep-mask of `key`: `keep` where element `i`'s draw
 * ({@linkcode keepMaskDraw}) is at least `round(p·2³²)`, else 0. A mask with
 * `keep = 1/(1 − p)` is inverted dropout's scaled mask, ready to multiply.
 *
 * @param out the mask to fill
 * @param key the mask's key (e.g. one draw of the step's generator)
 * @param p drop probability in [0, 1)
 * @param keep the value of a kept element
 * @returns `out`
 * @throws {RangeError} when `p` is outside [0, 1)
 * @example Usage
 * ```ts
 * import { fillKeepMask } from "@chronos-deno/chronos-deno/optim";
 * import assert from "node:assert/strict";
 * const m = fillKeepMask(new Float32Array(10_000), 42, 0.1, 1 / 0.9);
 * const kept = m.filter((x) => x !== 0).length;
 * assert.ok(kept > 8800 && kept < 9200);
 * ```
 */
export function fillKeepMask(
  out: Float32Array,
  key: number,
  p: number,
  keep: number,
): Float32Array {
  if (!(p >= 0 && p < 1)) {
    throw new RangeError(`Dropout probability must be in [0, 1): got "${p}"`);
  }
  const threshold = Math.round(p * 4294967296);
  const w = threshold < 4294967296 ? filler() : null;
  if (!w) {
    for (let i = 0; i < out.length; i++) out[i] = keepMaskDraw(key, i) >= threshold ? keep : 0;
    return out;
  }
  const keepBits = new Int32Array(Float32Array.of(keep).buffer)[0]!;
  for (let a = 0; a < out.length; a += CHUNK) {
    const len = Math.min(CHUNK, out.length - a);
    const lanes = (len + 3) & ~3;
    // the chunk's first element is element a: its counter is key + a·φ
    w.fill(0, 4 * lanes, (key + Math.imul(a, PHI)) | 0, threshold | 0, keepBits);
    out.set(w.heap.subarray(0, len), a);
  }
  return out;
}
