import { assertEquals } from "../../_helpers/assert.ts";
import { evaluationMetrics, zeroShotParams } from "../../../lib/evaluate/run_record.ts";
import type { MetricSet } from "../../../lib/results/schema.ts";

const metrics = (rmse: number): MetricSet => ({
  n: 5,
  rmse,
  mae: 1,
  r2: 0.5,
  mape: 10,
  mapeSkipped: 1,
  wape: 9,
  smape: 8,
  mase: 0.7,
  wql: NaN,
  coverage: NaN,
});

Deno.test("zeroShotParams() records the setup the issue names", () => {
  const p = zeroShotParams(
    {
      config: {
        data: "/d/steel.csv",
        split: "val",
        contextLength: 256,
        predictionLength: 4,
        covariates: "past+future",
        quantileLevels: [0.1, 0.5, 0.9],
      },
      origins: [1, 2, 3],
    },
    {
      modelId: "amazon/chronos-2",
      modelRevision: "abc",
      batchSize: 64,
      maxPredictions: 3,
      stride: 2,
      device: "auto",
      executionProvider: "cpu",
      windowKernel: "cpu",
    },
  );
  assertEquals(p, {
    model: "amazon/chronos-2",
    model_revision: "abc",
    context_length: 256,
    prediction_length: 4,
    batch_size: 64,
    max_predictions: 3,
    num_predictions: 3,
    stride: 2,
    covariates: "past+future",
    split: "val",
    quantile_levels: "0.1,0.5,0.9",
    device: "auto",
    execution_provider: "cpu",
    data: "/d/steel.csv",
    window_kernel: "cpu",
  });
});

Deno.test("evaluationMetrics() logs the model plainly and baselines with a prefix", () => {
  const m = evaluationMetrics({
    models: [
      {
        name: "chronos-2 zero-shot",
        kind: "zero-shot",
        metrics: metrics(3),
        point: [],
        timing: { seconds: 2, windowsPerSecond: 50 },
      },
      { name: "daily naive (96)", kind: "baseline", metrics: metrics(7), point: [] },
    ],
  });
  assertEquals(m.rmse, 3);
  assertEquals(m.windows_per_second, 50);
  assertEquals(m.forecast_seconds, 2);
  assertEquals(m.mape_skipped, 1);
  assertEquals(Number.isNaN(m.wql), true);
  assertEquals(m.daily_naive_96_rmse, 7);
  assertEquals(m.daily_naive_96_n, 5);
  assertEquals("daily_naive_96_windows_per_second" in m, false);
});

Deno.test("evaluationMetrics() logs a fine-tuned run's own model plainly and the others prefixed", () => {
  const metrics = (rmse: number) => ({
    n: 2,
    rmse,
    mae: 1,
    r2: 0,
    mape: 1,
    mapeSkipped: 0,
    wape: 1,
    smape: 1,
    mase: 1,
    wql: 1,
    coverage: 1,
  });
  const m = evaluationMetrics({
    models: [
      { name: "chronos-2 fine-tuned", kind: "finetuned", metrics: metrics(3), point: [] },
      { name: "chronos-2 zero-shot", kind: "zero-shot", metrics: metrics(4), point: [] },
      { name: "daily naive", kind: "baseline", metrics: metrics(5), point: [] },
    ],
  }, "finetuned");
  assertEquals([m.rmse, m["chronos_2_zero_shot_rmse"], m["daily_naive_rmse"]], [3, 4, 5]);
});
