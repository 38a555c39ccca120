import { assert, assertEquals, assertThrows } from "../assert.ts";
import { intervalCoverage, pinball, quantileSums, weightedQuantileLoss } from "./quantile_loss.ts";

Deno.test("pinball() weighs under- and over-forecasts by q and 1 − q", () => {
  assertEquals(pinball(0.25, 4), 1); // y above the forecast by 4: 0.25·4
  assertEquals(pinball(0.25, -4), 3); // y below by 4: 0.75·4
  assertEquals(pinball(0.5, 0), 0);
});

Deno.test("quantileSums() skips NaN actuals and sums per level", () => {
  // y = [2, NaN, 0], levels [0.2, 0.8], rows [1, 3], [9, 9], [1, 1]
  // q=0.2: ρ(1) = 0.2, ρ(-1) = 0.8 → 1.0; q=0.8: ρ(-1) = 0.2, ρ(-1) = 0.2 → 0.4
  const s = quantileSums([2, NaN, 0], { levels: [0.2, 0.8], values: [1, 3, 9, 9, 1, 1] });
  assertEquals(s.n, 2);
  assertEquals(s.absActualSum, 2);
  assert(Math.abs(s.pinballSums[0]! - 1.0) < 1e-15 && Math.abs(s.pinballSums[1]! - 0.4) < 1e-15);
  // WQL = 2·1.4/(2·2) = 0.7
  assert(Math.abs(weightedQuantileLoss(s) - 0.7) < 1e-15);
});

Deno.test("weightedQuantileLoss() of a median-only forecast equals WAPE/100", () => {
  // y = [1, 3, 6], median [2, 2, 2]: Σ|e| = 1 + 1 + 4 = 6, Σ|y| = 10 → WAPE 60 %
  const s = quantileSums([1, 3, 6], { levels: [0.5], values: [2, 2, 2] });
  assert(Math.abs(weightedQuantileLoss(s) - 0.6) < 1e-15);
  assert(Number.isNaN(weightedQuantileLoss({ pinballSums: [1], absActualSum: 0, n: 1 })));
});

Deno.test("quantileSums() and intervalCoverage() validate their input", () => {
  assertThrows(() => quantileSums([1], { levels: [], values: [] }), TypeError);
  assertThrows(() => quantileSums([1], { levels: [1], values: [1] }), RangeError);
  assertThrows(() => quantileSums([1], { levels: [0.5], values: [NaN] }), /NaN quantile forecast/);
  const f = { levels: [0.1, 0.9], values: [0, 2] };
  assertThrows(() => intervalCoverage([1], f, [0.9, 0.1]), RangeError);
  assertThrows(() => intervalCoverage([1], f, [0.05, 0.95]), RangeError);
  assertEquals(intervalCoverage([1], f, [0.1, 0.9]), 1);
  assert(Number.isNaN(intervalCoverage([NaN], f, [0.1, 0.9])));
});
