import { assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { evaluateForecasters } from "../../../lib/evaluate/evaluate_forecasters.ts";
import type { Forecaster, ForecastRequest } from "../../../lib/evaluate/forecaster.ts";
import { historyForecaster } from "../../../lib/evaluate/history_forecaster.ts";
import { createScorer } from "../../../lib/metrics/score.ts";

const target = new Float64Array([1, 2, 3, 5, 8, 13, 21]);
const request = (origins: number[], H = 1, levels: number[] = []): ForecastRequest => ({
  data: { target, covariates: [], timestamps: target, frequencyMs: 1 },
  origins,
  contextLength: 0,
  predictionLength: H,
  quantileLevels: levels,
});
const cpuScorer = (levels: number[]) => (actual: Float64Array) =>
  createScorer({ device: "cpu", actual, levels });

/** A probabilistic forecaster that stops after `stopAfter` origins: point 10, quantiles 9 and 11. */
function fake(stopAfter: number): Forecaster {
  return {
    name: "fake",
    kind: "zero-shot",
    forecast: (r) => {
      const done = Math.min(stopAfter, r.origins.length);
      const H = r.predictionLength;
      return Promise.resolve({
        done,
        point: new Float64Array(done * H).fill(10),
        quantiles: Float64Array.from({ length: done * H * 2 }, (_, i) => (i % 2 ? 11 : 9)),
        seconds: 2,
        interrupted: done < r.origins.length,
      });
    },
  };
}

Deno.test("evaluateForecasters() scores every forecaster on the same origins, in order", async () => {
  const last = historyForecaster("last", (h, n) => new Float64Array(n).fill(h[h.length - 1]!));
  const out = await evaluateForecasters({
    request: request([3, 5], 2, [0.1, 0.9]),
    forecasters: [fake(9), last],
    scorer: cpuScorer([0.1, 0.9]),
  });
  assertEquals(out.origins, [3, 5]);
  assertEquals(Array.from(out.actual), [5, 8, 13, 21]);
  assertEquals(out.interrupted, false);
  const [f, l] = out.models;
  assertEquals([f!.name, f!.kind, l!.name, l!.kind], ["fake", "zero-shot", "last", "baseline"]);
  assertEquals(f!.point, [[10, 10], [10, 10]]);
  assertEquals(f!.quantiles, [[[9, 9], [11, 11]], [[9, 9], [11, 11]]]);
  assertEquals(l!.point, [[3, 3], [8, 8]]);
  assertEquals(l!.quantiles, undefined);
  // hand-computed: errors of "last" are 2, 5, 5, 13 → MAE 6.25
  assertEquals(l!.metrics.mae, 6.25);
  // "fake": errors 5, 2, 3, 11 → MAE 5.25; 9..11 covers only the actual 10? none: coverage 0
  assertEquals([f!.metrics.mae, f!.metrics.coverage], [5.25, 0]);
  assertEquals(f!.timing, { seconds: 2, windowsPerSecond: 1 });
});

Deno.test("evaluateForecasters() gives the others only the origins the first one did when it stops", async () => {
  const seen: number[][] = [];
  const spy = historyForecaster("spy", (h, n) => {
    seen.push([h.length]);
    return new Float64Array(n);
  });
  const out = await evaluateForecasters({
    request: request([2, 3, 4, 5], 1, [0.1, 0.9]),
    forecasters: [fake(2), spy],
    scorer: cpuScorer([0.1, 0.9]),
  });
  assertEquals([out.origins, out.interrupted], [[2, 3], true]);
  assertEquals(seen, [[2], [3]]);
  assertEquals(out.models.map((m) => m.point.length), [2, 2]);
  assertEquals(out.models[0]!.metrics.n, 2);
});

Deno.test("evaluateForecasters() refuses forecasts of the wrong size, naming the forecaster", async () => {
  const short: Forecaster = {
    name: "short",
    kind: "gbdt",
    forecast: () =>
      Promise.resolve({ done: 2, point: new Float64Array(1), seconds: 0, interrupted: false }),
  };
  await assertRejects(
    () =>
      evaluateForecasters({
        request: request([2, 3]),
        forecasters: [short],
        scorer: cpuScorer([]),
      }),
    {
      name: "RangeError",
      message: 'Cannot score the forecasts of "short": expected 2×1 points, got 1',
    },
  );
});
