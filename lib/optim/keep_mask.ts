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
import { startWasmHelpers, type WasmHelpers } from "../../kernels/_wasm_threads.ts";

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
 * the draws of elements 0, 1, … under `key`; `fills(table, count, threshold,
 * keepBits)` runs `fill` for `count` entries `(from, to, key)` (3 × i32) at
 * byte `table`. Its memory is its own 16 pages (1 MiB, exported as `mem`),
 * or `memory` imported as `env.mem` (shared where asked, for helper threads).
 * Locals of `fill`: 5 = counters, 6 = step, 7 = z, 8 = threshold, 9 = keep.
 */
function moduleBytes(memory?: { pages: number; shared: boolean }): Uint8Array<ArrayBuffer> {
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
  const load = (offset: number) => [...get(0), 0x28, 2, offset]; // i32.load (align 4)
  const fills = [
    1, // locals: 1 i32 (4 = end of the table)
    1,
    0x7f,
    ...[...get(0), ...get(1), ...i32(12), 0x6c, 0x6a, ...set(4)], // end = table + 12·count
    ...[0x02, 0x40, 0x03, 0x40], // block, loop
    ...[...get(0), ...get(4), 0x4f, 0x0d, 1], // table >= end: break
    ...[...load(0), ...load(4), ...load(8), ...get(2), ...get(3), 0x10, 0], // fill(from, to, key, …)
    ...[...get(0), ...i32(12), 0x6a, ...set(0), 0x0c, 0], // next entry; continue
    ...[0x0b, 0x0b, 0x0b],
  ];
  const limits = memory ? [memory.shared ? 3 : 1, ...leb(memory.pages), ...leb(memory.pages)] : [];
  return new Uint8Array([
    [0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    // types: (i32 ×5) -> () for fill, (i32 ×4) -> () for fills
    section(1, [2, 0x60, 5, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0, 0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 0]),
    memory ? section(2, [1, ...name("env"), ...name("mem"), 2, ...limits]) : [],
    section(3, [2, 0, 1]),
    memory ? [] : section(5, [1, 0, 16]), // 16 pages
    section(7, [
      memory ? 2 : 3,
      ...name("fill"),
      0,
      0,
      ...name("fills"),
      0,
      1,
      ...(memory ? [] : [...name("mem"), 2, 0]),
    ]),
    section(10, [2, ...leb(body.length), ...body, ...leb(fills.length), ...fills]),
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
  const { threshold, keepBits } = drawBounds(p, keep);
  const w = threshold < 4294967296 ? filler() : null;
  if (!w) {
    for (let i = 0; i < out.length; i++) out[i] = keepMaskDraw(key, i) >= threshold ? keep : 0;
    return out;
  }
  for (let a = 0; a < out.length; a += CHUNK) {
    const len = Math.min(CHUNK, out.length - a);
    const lanes = (len + 3) & ~3;
    // the chunk's first element is element a: its counter is key + a·φ
    w.fill(0, 4 * lanes, (key + Math.imul(a, PHI)) | 0, threshold | 0, keepBits);
    out.set(w.heap.subarray(0, len), a);
  }
  return out;
}

/** The draw threshold of `p` and the bits of `keep`; throws for `p` outside [0, 1). */
function drawBounds(p: number, keep: number): { threshold: number; keepBits: number } {
  if (!(p >= 0 && p < 1)) {
    throw new RangeError(`Dropout probability must be in [0, 1): got "${p}"`);
  }
  return {
    threshold: Math.round(p * 4294967296),
    keepBits: new Int32Array(Float32Array.of(keep).buffer)[0]!,
  };
}

/** Options of {@linkcode KeepMasks.create}. */
export interface KeepMasksOptions {
  /**
   * Threads that fill the masks, the calling one included. Above 1 the
   * masks live in shared memory (`SharedArrayBuffer`), which not every
   * consumer accepts: onnxruntime-node rejects it, ORT's C API takes it.
   * @default {1}
   */
  threads?: number;
}

/** The module's `fills`: `count` table entries from byte `table`. */
type Fills = (table: number, count: number, threshold: number, keepBits: number) => void;

/** The module's `fills` over the masks' memory (as i32s, for the tables), and its helper threads. */
interface MaskLoop {
  fills: Fills;
  heap: Int32Array;
  helpers: WasmHelpers | null;
}

/** A fill entry: byte range [from, to) of the memory and the key of its first element. */
const ENTRY_BYTES = 12;

/**
 * A set of keep-masks filled together, each step, straight where they are
 * read: the masks are views of one WebAssembly memory that the SIMD loop
 * writes in place (no staging copy), split across helper threads where the
 * set was created with them (each mask's elements in contiguous parts; the
 * same bits as {@linkcode fillKeepMask} of each mask and key). On a full-size
 * Chronos-2 training step (77 masks, 18M values) this took the masks from
 * about 15 ms to about 5 ms on this 2-core machine, once ONNX Runtime's
 * threads no longer spun after a run (`SessionOptions.stopSpinningAfterRun`):
 * while they spin, the helper gets no core and the fill takes ~9.5 ms.
 */
export class KeepMasks {
  /** The masks, in the order of the sizes given. */
  readonly masks: readonly Float32Array[];
  /** The SIMD loop over the masks' memory, or null: the scalar loop. */
  #wasm: MaskLoop | null;

  private constructor(masks: Float32Array[], wasm: MaskLoop | null) {
    this.masks = masks;
    this.#wasm = wasm;
  }

  /**
   * Allocates zeroed masks of the given sizes (in one WebAssembly memory
   * where SIMD is available, else plain arrays filled by the scalar loop).
   *
   * @param sizes values per mask
   * @param options threads
   * @returns the set
   * @example Usage
   * ```ts
   * import { fillKeepMask, KeepMasks } from "@chronos-deno/chronos-deno/optim";
   * import assert from "node:assert/strict";
   * const set = KeepMasks.create([10, 1000]);
   * set.fill([7, 8], 0.1, 1 / 0.9);
   * assert.deepEqual(set.masks[1], fillKeepMask(new Float32Array(1000), 8, 0.1, 1 / 0.9));
   * set.close();
   * ```
   */
  static create(sizes: readonly number[], options: KeepMasksOptions = {}): KeepMasks {
    // no masks (dropout off): no helper threads to start
    const threads = sizes.length === 0 ? 1 : Math.max(1, Math.floor(options.threads ?? 1));
    const tableBytes = (threads * sizes.length * ENTRY_BYTES + 15) & ~15;
    const offsets: number[] = [];
    let bytes = tableBytes;
    for (const n of sizes) {
      offsets.push(bytes);
      bytes += ((n + 3) & ~3) * 4; // whole v128s: the loop writes the tail lanes
    }
    const pages = Math.max(1, Math.ceil(bytes / 65536));
    try {
      const shared = threads > 1;
      const module = new WebAssembly.Module(moduleBytes({ pages, shared }));
      const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared });
      const inst = new WebAssembly.Instance(module, { env: { mem: memory } });
      const helpers = shared ? startWasmHelpers(module, memory, ["fills"], threads - 1) : null;
      const masks = sizes.map((n, i) => new Float32Array(memory.buffer, offsets[i]!, n));
      const fills = inst.exports.fills as Fills;
      return new KeepMasks(masks, { fills, heap: new Int32Array(memory.buffer), helpers });
    } catch {
      // no WebAssembly SIMD (or no memory this large): plain arrays, the scalar loop
      return new KeepMasks(sizes.map((n) => new Float32Array(n)), null);
    }
  }

  /**
   * Fills mask `i` with the keep-mask of `keys[i]` (as {@linkcode fillKeepMask}).
   *
   * @param keys one key per mask
   * @param p drop probability in [0, 1)
   * @param keep the value of a kept element
   * @returns the masks
   * @throws {RangeError} when `p` is outside [0, 1) or the keys do not match the masks
   */
  fill(keys: readonly number[], p: number, keep: number): readonly Float32Array[] {
    if (keys.length !== this.masks.length) {
      throw new RangeError(`Expected ${this.masks.length} mask keys, got ${keys.length}`);
    }
    const { threshold, keepBits } = drawBounds(p, keep);
    const wasm = this.#wasm;
    if (!wasm || threshold >= 4294967296) {
      this.masks.forEach((m, i) => fillKeepMask(m, keys[i]!, p, keep));
      return this.masks;
    }
    // one table of entries per thread that runs (the helpers' count, not the one asked for:
    // where they could not start, the calling thread fills every mask alone)
    const { fills, heap, helpers } = wasm;
    const parts = helpers?.threads ?? 1;
    const table = (t: number) => t * this.masks.length * ENTRY_BYTES;
    const counts = new Array<number>(parts).fill(0);
    this.masks.forEach((m, i) => {
      // contiguous parts of whole v128s; a part's first element e has the counter key + e·φ
      const lanes = (m.length + 3) & ~3;
      const step = Math.ceil(lanes / 4 / parts) * 4;
      for (let t = 0; t < parts; t++) {
        const [start, end] = [Math.min(t * step, lanes), Math.min((t + 1) * step, lanes)];
        if (end <= start) continue;
        const at = (table(t) + counts[t]!++ * ENTRY_BYTES) >> 2;
        heap[at] = m.byteOffset + 4 * start;
        heap[at + 1] = m.byteOffset + 4 * end;
        heap[at + 2] = (keys[i]! + Math.imul(start, PHI)) | 0;
      }
    });
    const args = (t: number) => [table(t), counts[t]!, threshold | 0, keepBits];
    if (helpers) helpers.run(0, counts.map((c, t) => (c > 0 ? args(t) : null)), fills);
    else fills(...(args(0) as [number, number, number, number]));
    return this.masks;
  }

  /** Stops the helper threads (the masks stay readable). */
  close(): void {
    this.#wasm?.helpers?.close();
    if (this.#wasm) this.#wasm.helpers = null;
  }
}
