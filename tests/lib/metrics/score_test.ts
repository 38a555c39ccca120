import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { assertClose } from "../../_helpers/assert_close.ts";
import { seededRandom } from "../../_helpers/random.ts";
import { computeMetrics } from "../../_helpers/metrics_oracle/compute_metrics.ts";
import { coverageInterval, createScorer, scoreForecasts } from "../../../lib/metrics/score.ts";

Deno.test("scoreForecasts() gives hand-computed metrics", () => {
  // e = [-1, 0, -1, 2]: RMSE √(6/4), MAE 1, MAPE over y ≠ 0 = (1 + 0 + 0.5) / 3 · 100
  const m = scoreForecasts({ actual: [1, 2, 0, 4], point: [2, 2, 1, 2], maseScale: 0.5 });
  assertEquals([m.n, m.mae, m.mapeSkipped, m.mase], [4, 1, 1, 2]);
  assertClose(m.rmse, Math.sqrt(1.5), { rtol: 1e-15 });
  assertClose(m.mape, 50, { rtol: 1e-15 });
  assertEquals([m.wql, m.coverage, m.pinball], [NaN, NaN, undefined]);
  assertThrows(() => scoreForecasts({ actual: [NaN], point: [1] }), RangeError);
});

Deno.test("scoreForecasts() and the scorer agree with the float64 oracle on random forecasts", async () => {
  const rand = seededRandom(7);
  const N = 500;
  const levels = [0.1, 0.5, 0.9];
  const actual = Float64Array.from(
    { length: N },
    (_, i) => (i % 37 === 0 ? NaN : 50 + 30 * rand()),
  );
  const point = Float64Array.from({ length: N }, () => 50 + 30 * rand());
  const values = Float64Array.from(
    { length: N * 3 },
    (_, i) => point[Math.floor(i / 3)]! + (i % 3 - 1) * 10 * rand(),
  );
  const want = computeMetrics({ actual, point, quantiles: { levels, values }, maseScale: 3 });
  const got = scoreForecasts({ actual, point, quantiles: { levels, values }, maseScale: 3 });
  const scorer = await createScorer({
    device: "cpu",
    actual,
    levels,
    maseScale: { train: [0, 3, 0, 3], period: 1 },
  });
  assertEquals(scorer.choice.path, "cpu");
  assertEquals(scorer.maseScale, 3);
  assertEquals(scorer.interval, [0.1, 0.9]);
  const viaScorer = await scorer.score(point, values);
  for (const m of [got, viaScorer]) {
    for (
      const k of [
        "n",
        "rmse",
        "mae",
        "r2",
        "mape",
        "wape",
        "smape",
        "mase",
        "wql",
        "coverage",
      ] as const
    ) {
      assertClose(m[k], want[k], { rtol: 1e-12, label: k });
    }
    for (const l of levels) {
      assertClose(m.pinball![String(l)]!, want.pinball![String(l)]!, { rtol: 1e-12 });
    }
  }
});

Deno.test("coverageInterval() takes 10–90 % when reported, else the outermost pair", () => {
  assertEquals(coverageInterval([0.05, 0.1, 0.5, 0.9, 0.95]), [0.1, 0.9]);
  assertEquals(coverageInterval([0.25, 0.5, 0.75]), [0.25, 0.75]);
  assertEquals(coverageInterval([0.5, 0.6]), null);
});
