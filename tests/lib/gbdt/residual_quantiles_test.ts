import { deepEqual, equal, ok, throws } from "node:assert/strict";
import { empiricalQuantile, residualQuantiles } from "../../../lib/gbdt/residual_quantiles.ts";

Deno.test("empiricalQuantile() interpolates between order statistics (type 7)", () => {
  const v = [10, 20, 30, 40, 50];
  equal(empiricalQuantile(v, 0), 10);
  equal(empiricalQuantile(v, 1), 50);
  equal(empiricalQuantile(v, 0.1), 14); // position 0.4 → 10 + 0.4·10
  equal(empiricalQuantile(v, 0.9), 46);
  ok(Number.isNaN(empiricalQuantile([], 0.5)));
});

Deno.test("residualQuantiles() takes each step's residuals apart, skipping NaN", () => {
  // Two steps: step 1 residuals 1, 2, 3; step 2 residuals −10, 10, NaN.
  const actual = [1, -10, 2, 10, 3, NaN];
  const predicted = [0, 0, 0, 0, 0, 0];
  deepEqual(residualQuantiles(actual, predicted, 2, [0.1, 0.5, 0.9]), [
    [1.2, 2, 2.8],
    [-8, 0, 8],
  ]);
});

Deno.test("residualQuantiles() covers the nominal share of new residuals from the same law", () => {
  // Residuals uniform on a grid: the 10–90 % offsets bracket 80 % of the values.
  const actual = Array.from({ length: 1001 }, (_, i) => i / 1000);
  const [[lo, hi]] = residualQuantiles(actual, new Array(1001).fill(0), 1, [0.1, 0.9]) as [
    [number, number],
  ];
  ok(Math.abs(lo - 0.1) < 1e-12 && Math.abs(hi - 0.9) < 1e-12);
});

Deno.test("residualQuantiles() refuses mismatched lengths and empty steps", () => {
  throws(() => residualQuantiles([1, 2], [1], 1, [0.5]), /one prediction per actual/);
  throws(() => residualQuantiles([1, 2, 3], [1, 2, 3], 2, [0.5]), RangeError);
  throws(() => residualQuantiles([NaN], [1], 1, [0.5]), /no finite residual/);
});
