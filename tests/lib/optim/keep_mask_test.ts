import { fillKeepMask, keepMaskDraw, KeepMasks } from "../../../lib/optim/keep_mask.ts";
import { assert, assertEquals, assertThrows } from "../../_helpers/assert.ts";

/**
 * The draw written independently, in BigInt arithmetic modulo 2³²:
 * MurmurHash3's fmix32 over key + i·0x9e3779b9.
 */
function drawReference(key: number, i: number): number {
  const M = 1n << 32n;
  let z = (BigInt(key >>> 0) + BigInt(i) * 0x9e3779b9n) % M;
  z = ((z ^ (z >> 16n)) * 0x85ebca6bn) % M;
  z = ((z ^ (z >> 13n)) * 0xc2b2ae35n) % M;
  return Number(z ^ (z >> 16n));
}

Deno.test("keepMaskDraw() is MurmurHash3's finaliser over the key's Weyl sequence", () => {
  for (const key of [0, 1, 42, -7, 0x7fffffff, 0xffffffff | 0]) {
    for (const i of [0, 1, 2, 3, 1000, 262_143, 262_144, 19_600_001]) {
      assertEquals(keepMaskDraw(key, i), drawReference(key, i), `key ${key}, element ${i}`);
    }
  }
});

Deno.test("fillKeepMask() keeps exactly the elements whose draw reaches the threshold, across chunks and tails", () => {
  const keep = Math.fround(1 / 0.9);
  const threshold = Math.round(0.1 * 4294967296);
  // one and several 262,144-value chunks of the SIMD loop, lengths that leave partial lanes
  for (const n of [0, 1, 3, 4, 5, 262_143, 262_144, 262_149, 600_001]) {
    const key = n * 31 + 5;
    const m = fillKeepMask(new Float32Array(n).fill(7), key, 0.1, keep);
    for (let i = 0; i < n; i++) {
      const expected = drawReference(key, i) >= threshold ? keep : 0;
      if (m[i] !== expected) assert(false, `n ${n}: element ${i} is ${m[i]}, expected ${expected}`);
    }
  }
});

Deno.test("fillKeepMask() keeps about 1 − p, differs by key, and rejects p outside [0, 1)", () => {
  const a = fillKeepMask(new Float32Array(200_000), 1, 0.25, 1);
  const kept = a.reduce((s, x) => s + x, 0) / a.length;
  assert(Math.abs(kept - 0.75) < 0.005, `kept ${kept}`);
  const b = fillKeepMask(new Float32Array(200_000), 2, 0.25, 1);
  assert(a.some((x, i) => x !== b[i]), "another key, another mask");
  assertEquals(fillKeepMask(new Float32Array(9), 3, 0, 1), new Float32Array(9).fill(1));
  assertThrows(() => fillKeepMask(new Float32Array(1), 3, 1, 1), RangeError);
  assertThrows(() => fillKeepMask(new Float32Array(1), 3, -0.1, 1), RangeError);
});

Deno.test("KeepMasks fills every mask with its key's bits, on one thread and split across threads", async () => {
  const keep = Math.fround(1 / 0.9);
  const threshold = Math.round(0.1 * 4294967296);
  // empty, sub-lane, odd and multi-chunk sizes: parts that split inside a mask and tails
  const sizes = [0, 1, 3, 5, 8, 13, 262_149, 100_003];
  for (const threads of [1, 2, 3]) {
    const set = KeepMasks.create(sizes, { threads });
    // let the helper threads start, so that they take their parts (else the caller does all)
    await new Promise((r) => setTimeout(r, 100));
    try {
      for (const round of [0, 1]) {
        const keys = sizes.map((n, i) => (n * 131 + i * 7 + round * 1_000_003) | 0);
        const masks = set.fill(keys, 0.1, keep);
        masks.forEach((m, i) => {
          assertEquals(m.length, sizes[i]);
          for (let e = 0; e < m.length; e++) {
            const expected = drawReference(keys[i]!, e) >= threshold ? keep : 0;
            if (m[e] !== expected) {
              assert(
                false,
                `${threads} threads, mask ${i}: element ${e} is ${m[e]}, not ${expected}`,
              );
            }
          }
        });
      }
    } finally {
      set.close();
    }
  }
});

Deno.test("KeepMasks lives in shared memory with threads, keeps all at p = 0 and checks its keys", () => {
  const shared = KeepMasks.create([16, 7], { threads: 2 });
  const plain = KeepMasks.create([16, 7]);
  try {
    assert(shared.masks[0]!.buffer instanceof SharedArrayBuffer, "threads share the masks' memory");
    assert(!(plain.masks[0]!.buffer instanceof SharedArrayBuffer), "one thread: a plain memory");
    assertEquals(plain.fill([1, 2], 0, 1.5)[1], new Float32Array(7).fill(1.5));
    assertThrows(() => plain.fill([1], 0.1, 1), RangeError, "Expected 2 mask keys, got 1");
    assertThrows(() => plain.fill([1, 2], 1, 1), RangeError);
  } finally {
    shared.close();
    plain.close();
  }
});
