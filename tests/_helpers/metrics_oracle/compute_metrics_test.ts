import { assert, assertEquals, assertThrows } from "../assert.ts";
import { assertClose } from "../assert_close.ts";
import { computeMetrics } from "./compute_metrics.ts";

// Hand-computed case used below.
// actual y = [1, 2, 0, 4], point ŷ = [2, 2, 1, 2] → e = y − ŷ = [-1, 0, -1, 2]
//   Σe² = 1 + 0 + 1 + 4 = 6        → RMSE = √(6/4) = √1.5
//   Σ|e| = 4                        → MAE = 1
//   ȳ = 7/4; Σ(y−ȳ)² = 0.5625 + 0.0625 + 3.0625 + 5.0625 = 8.75 → R² = 1 − 6/8.75 = 0.3142857…
//   MAPE over y ≠ 0: (1/1 + 0/2 + 2/4)/3 = 0.5 → 50 %, 1 zero skipped
//   WAPE = 100·4/7 = 57.142857… %
//   sMAPE terms 2|e|/(|y|+|ŷ|): 2/3, 0, 2/1, 4/6 → Σ = 10/3, /4 → 83.333… %
//   MASE with scale 0.5: 1/0.5 = 2
const ACTUAL = [1, 2, 0, 4];
const POINT = [2, 2, 1, 2];

Deno.test("computeMetrics() matches hand-computed point metrics", () => {
  const m = computeMetrics({ actual: ACTUAL, point: POINT, maseScale: 0.5 });
  assertEquals(m.n, 4);
  assertClose(m.rmse, Math.sqrt(1.5), { atol: 1e-15 });
  assertClose(m.mae, 1, { atol: 1e-15 });
  assertClose(m.r2, 1 - 6 / 8.75, { atol: 1e-15 });
  assertClose(m.mape, 50, { atol: 1e-12 });
  assertEquals(m.mapeSkipped, 1);
  assertClose(m.wape, 400 / 7, { atol: 1e-12 });
  assertClose(m.smape, 250 / 3, { atol: 1e-12 });
  assertClose(m.mase, 2, { atol: 1e-15 });
  assert(Number.isNaN(m.wql) && Number.isNaN(m.coverage));
  assertEquals(m.pinball, undefined);
});

Deno.test("computeMetrics() skips NaN actuals and counts only the rest", () => {
  const m = computeMetrics({
    actual: new Float64Array([NaN, ...ACTUAL, NaN]),
    point: new Float64Array([123, ...POINT, NaN]), // a NaN forecast of an unknown actual is fine
  });
  assertEquals(m.n, 4);
  assertClose(m.rmse, Math.sqrt(1.5), { atol: 1e-15 });
  assertClose(m.r2, 1 - 6 / 8.75, { atol: 1e-15 });
  assert(Number.isNaN(m.mase)); // no scale given
});

Deno.test("computeMetrics() matches hand-computed quantile metrics", () => {
  // levels 0.1 / 0.5 / 0.9, rows t = 0..3 (y = 1, 2, 0, 4):
  //   t0 [0, 1, 3], t1 [1, 2, 2.5], t2 [0.5, 1, 2], t3 [1, 2, 3]
  // ρ_q(u), u = y − ŷ_q:
  //   q=0.1: 0.1·1, 0.1·1, 0.9·0.5, 0.1·3 → Σ 0.95, mean 0.2375
  //   q=0.5: 0, 0, 0.5·1, 0.5·2          → Σ 1.5,  mean 0.375
  //   q=0.9: 0.1·2, 0.1·0.5, 0.1·2, 0.9·1 → Σ 1.35, mean 0.3375
  // WQL = 2·(0.95 + 1.5 + 1.35)/(3·7) = 7.6/21
  // coverage [0.1, 0.9]: t0 in, t1 in, t2 out (0.5 > 0), t3 out (4 > 3) → 0.5
  const m = computeMetrics({
    actual: ACTUAL,
    point: POINT,
    quantiles: { levels: [0.1, 0.5, 0.9], values: [0, 1, 3, 1, 2, 2.5, 0.5, 1, 2, 1, 2, 3] },
  });
  assertClose(m.wql, 7.6 / 21, { atol: 1e-15 });
  assertEquals(m.coverage, 0.5);
  assertClose(
    [m.pinball!["0.1"]!, m.pinball!["0.5"]!, m.pinball!["0.9"]!],
    [0.2375, 0.375, 0.3375],
    { atol: 1e-15 },
  );
  // Interval [0.5, 0.9]: t0 in (1 ≤ 1 ≤ 3, bounds included), t1 in (2 ≤ 2 ≤ 2.5),
  // t2 out (0 < 1), t3 out (4 > 3) → 0.5
  const m2 = computeMetrics({
    actual: ACTUAL,
    point: POINT,
    quantiles: { levels: [0.1, 0.5, 0.9], values: [0, 1, 3, 1, 2, 2.5, 0.5, 1, 2, 1, 2, 3] },
    interval: [0.5, 0.9],
  });
  assertEquals(m2.coverage, 0.5);
});

Deno.test("computeMetrics() handles degenerate cases: constant actuals, all zeros, perfect forecasts", () => {
  const constant = computeMetrics({ actual: [3, 3], point: [2, 4] });
  assert(Number.isNaN(constant.r2));
  assertEquals(constant.rmse, 1);
  const zeros = computeMetrics({ actual: [0, 0], point: [0, 1] });
  assert(Number.isNaN(zeros.mape) && Number.isNaN(zeros.wape));
  assertEquals(zeros.mapeSkipped, 2);
  assertEquals(zeros.smape, 100); // (0 [0/0 counts 0] + 2·1/1)/2 · 100
  const perfect = computeMetrics({ actual: [1, 2, 3], point: [1, 2, 3], maseScale: 0 });
  assertEquals([perfect.rmse, perfect.mae, perfect.r2, perfect.wape], [0, 0, 1, 0]);
  assert(Number.isNaN(perfect.mase)); // a zero scale gives no MASE
});

Deno.test("computeMetrics() rejects mismatched lengths, NaN forecasts and empty input", () => {
  assertThrows(() => computeMetrics({ actual: [1, 2], point: [1] }), TypeError);
  assertThrows(() => computeMetrics({ actual: [1, 2], point: [1, NaN] }), /step 1/);
  assertThrows(() => computeMetrics({ actual: [NaN], point: [1] }), RangeError);
  assertThrows(() => computeMetrics({ actual: [], point: [] }), RangeError);
  const q = { levels: [0.1, 0.9], values: [0, 1, 0] };
  assertThrows(() => computeMetrics({ actual: [1, 2], point: [1, 2], quantiles: q }), TypeError);
  assertThrows(
    () =>
      computeMetrics({
        actual: [1],
        point: [1],
        quantiles: { levels: [0.1, 0.5], values: [0, 1] },
      }),
    /coverage of \[0.1, 0.9\]/,
  );
});
