import { assert, assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { Rng } from "../../../lib/optim/rng.ts";

Deno.test("Rng.fromState() reproduces the published xoshiro128** sequence for state 1,2,3,4", () => {
  const r = Rng.fromState([1, 2, 3, 4]);
  const got = Array.from({ length: 6 }, () => r.nextUint32());
  assertEquals(got, [11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
});

Deno.test("Rng streams are reproducible and differ by seed and key", () => {
  const draw = (r: Rng) => Array.from({ length: 8 }, () => r.nextUint32());
  assertEquals(draw(new Rng(42, "data", 7)), draw(new Rng(42, "data", 7)));
  const base = draw(new Rng(42, "data", 7));
  for (const other of [new Rng(43, "data", 7), new Rng(42, "dropout", 7), new Rng(42, "data", 8)]) {
    assert(draw(other).some((x, i) => x !== base[i]));
  }
});

Deno.test("Rng.state() and Rng.fromState() continue the same sequence", () => {
  const a = new Rng(3, "x");
  a.nextUint32();
  const b = Rng.fromState(a.state());
  assertEquals([a.nextUint32(), a.nextFloat()], [b.nextUint32(), b.nextFloat()]);
});

Deno.test("Rng.nextInt() covers [lo, hi] uniformly", () => {
  const r = new Rng(11);
  const counts = new Array(5).fill(0);
  const n = 50_000;
  for (let i = 0; i < n; i++) counts[r.nextInt(10, 14) - 10]++;
  // chi-square with 4 degrees of freedom; 18.5 is its 0.999 quantile
  const chi = counts.reduce((a, c) => a + (c - n / 5) ** 2 / (n / 5), 0);
  assert(chi < 18.5, `chi-square ${chi} for counts ${counts}`);
  assertEquals(new Rng(1).nextInt(4, 4), 4);
  assertThrows(() => r.nextInt(3, 2), RangeError);
});

Deno.test("Rng.nextFloat() and nextNormal() have the expected moments", () => {
  const r = new Rng(5);
  const n = 40_000;
  let su = 0;
  let sn = 0;
  let sn2 = 0;
  for (let i = 0; i < n; i++) {
    const u = r.nextFloat();
    assert(u >= 0 && u < 1);
    su += u;
    const z = r.nextNormal();
    sn += z;
    sn2 += z * z;
  }
  assert(Math.abs(su / n - 0.5) < 0.01);
  assert(Math.abs(sn / n) < 0.03);
  assert(Math.abs(sn2 / n - 1) < 0.04);
});
