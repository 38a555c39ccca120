/**
 * A small seeded pseudo-random generator (xoshiro128**, seeded by splitmix32)
 * for everything random in training: window sampling, the keys of the dropout masks, LoRA
 * initialisation. Streams are derived from `(seed, purpose, step, micro)`, so a
 * resumed run draws exactly what an uninterrupted one would, with no generator
 * state to save.
 *
 * @module
 */

/** Snapshot of a generator's state (four unsigned 32-bit words). */
export type RngState = readonly [number, number, number, number];

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function hashString(text: string): number {
  // FNV-1a, 32 bit
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

/** A seeded xoshiro128** generator. */
export class Rng {
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;

  /**
   * Creates a generator from a seed and optional stream keys (numbers or
   * strings); different keys give independent-looking streams.
   *
   * @param seed any finite number (its integer part and sign are used)
   * @param keys stream keys, e.g. `"dropout", step, micro`
   * @throws {RangeError} when `seed` is not finite
   * @example Usage
   * ```ts
   * import { Rng } from "@chronos-deno/chronos-deno/optim";
   * import assert from "node:assert/strict";
   * assert.equal(new Rng(42, "data", 3).nextUint32(), new Rng(42, "data", 3).nextUint32());
   * ```
   */
  constructor(seed: number, ...keys: (number | string)[]) {
    if (!Number.isFinite(seed)) throw new RangeError(`Cannot seed a generator with "${seed}"`);
    const st = { s: (Math.trunc(seed) >>> 0) ^ Math.floor(Math.trunc(seed) / 4294967296) };
    for (const k of keys) {
      const h = typeof k === "string" ? hashString(k) : (Math.trunc(k) >>> 0);
      st.s = (splitmix32(st) ^ h) | 0;
    }
    this.#s0 = splitmix32(st);
    this.#s1 = splitmix32(st);
    this.#s2 = splitmix32(st);
    this.#s3 = splitmix32(st);
    if ((this.#s0 | this.#s1 | this.#s2 | this.#s3) === 0) this.#s0 = 1;
  }

  /**
   * Restores a generator from {@linkcode Rng.state}.
   *
   * @param state four 32-bit words
   * @returns the generator
   * @example Usage
   * ```ts
   * import { Rng } from "@chronos-deno/chronos-deno/optim";
   * import assert from "node:assert/strict";
   * const a = new Rng(1);
   * const b = Rng.fromState(a.state());
   * assert.equal(a.nextUint32(), b.nextUint32());
   * ```
   */
  static fromState(state: RngState): Rng {
    const r = new Rng(0);
    [r.#s0, r.#s1, r.#s2, r.#s3] = state.map((x) => x >>> 0) as [number, number, number, number];
    return r;
  }

  /**
   * The current state, to save and restore later.
   *
   * @returns four 32-bit words
   * @example Usage
   * ```ts
   * import { Rng } from "@chronos-deno/chronos-deno/optim";
   * import assert from "node:assert/strict";
   * assert.equal(new Rng(5).state().length, 4);
   * ```
   */
  state(): RngState {
    return [this.#s0, this.#s1, this.#s2, this.#s3];
  }

  /**
   * The next unsigned 32-bit integer.
   *
   * @returns an integer in [0, 2^32)
   * @example Usage
   * ```ts
   * import { Rng } from "@chronos-deno/chronos-deno/optim";
   * import assert from "node:assert/strict";
   * const x = new Rng(7).nextUint32();
   * assert.ok(x >= 0 && x < 2 ** 32);
   * ```
   */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.#s1, 5), 7), 9) >>> 0;
    const t = this.#s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= this.#s1;
    this.#s1 ^= this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = rotl(this.#s3, 11);
    return result;
  }

  /**
   * A uniform float in [0, 1) with 53 random bits.
   *
   * @returns the number
   * @example Usage
   * ```ts
   * import { Rng } from "@chronos-deno/chronos-deno/optim";
   * import assert from "node:assert/strict";
   * const u = new Rng(3).nextFloat();
   * assert.ok(u >= 0 && u < 1);
   * ```
   */
  nextFloat(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /**
   * A uniform integer in [lo, hi] (both inclusive), without modulo bias.
   *
   * @param lo smallest value
   * @param hi largest value
   * @returns the integer
   * @throws {RangeError} when the range is empty or not made of safe integers
   * @example Usage
   * ```ts
   * import { Rng } from "@chronos-deno/chronos-deno/optim";
   * import assert from "node:assert/strict";
   * const k = new Rng(9).nextInt(3, 5);
   * assert.ok(k >= 3 && k <= 5);
   * ```
   */
  nextInt(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo) {
      throw new RangeError(`Cannot draw an integer from the range [${lo}, ${hi}]`);
    }
    const span = hi - lo + 1;
    if (span <= 4294967296) {
      const limit = 4294967296 - (4294967296 % span);
      for (;;) {
        const x = this.nextUint32();
        if (x < limit) return lo + (x % span);
      }
    }
    return lo + Math.floor(this.nextFloat() * span);
  }

  /**
   * A standard normal draw (Box–Muller).
   *
   * @returns the number
   * @example Usage
   * ```ts
   * import { Rng } from "@chronos-deno/chronos-deno/optim";
   * import assert from "node:assert/strict";
   * assert.ok(Number.isFinite(new Rng(1).nextNormal()));
   * ```
   */
  nextNormal(): number {
    const u = 1 - this.nextFloat();
    const v = this.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
