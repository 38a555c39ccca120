import { resolve } from "node:path";
import { assert, assertEquals, assertMatch, assertRejects } from "../../_helpers/assert.ts";
import { assertClose } from "../../_helpers/assert_close.ts";
import { steelCsvPath } from "../../_helpers/steel.ts";
import { loadSteelData } from "../../../lib/datasets/steel.ts";
import type { TimeSeriesData } from "../../../lib/data/types.ts";
import { runZeroShot, type ZeroShotModel } from "../../../lib/evaluate/zero_shot.ts";
import { standardBaselines } from "../../../lib/baselines/standard.ts";
import type { EvaluationResults } from "../../../lib/results/schema.ts";
import { createTracker } from "../../../lib/tracking/tracker.ts";
import { listRuns } from "../../../lib/tracking/list_runs.ts";
import {
  type Chronos2Pipeline,
  interpolateQuantiles,
  loadChronos2,
} from "../../../models/chronos2/mod.ts";
import { recomputeMetrics, seasonalScaleF64 } from "./_recompute.ts";
import { ignore as noGpu } from "../../_helpers/gpu.ts";

const TINY = new URL("../../fixtures/chronos2-tiny", import.meta.url).pathname;
const LEVELS = [0.1, 0.5, 0.9];

let shared: Promise<{ data: TimeSeriesData; pipeline: Chronos2Pipeline }> | undefined;
function setup() {
  shared ??= (async () => ({
    data: await loadSteelData((await steelCsvPath()).path),
    pipeline: await loadChronos2(TINY, { executionProvider: "cpu" }),
  }))();
  return shared;
}

/** What a dataset spec gives the flow: the standard baselines and the MASE period of 15-minute data. */
const DATASET = {
  baselines: standardBaselines({ seasonalPeriod: 96, weeklyPeriod: 672 }),
  seasonalPeriod: 96,
};

function modelOf(pipeline: Chronos2Pipeline): ZeroShotModel {
  return {
    name: "chronos-2 zero-shot",
    pipeline,
    interpolate: interpolateQuantiles,
    id: "chronos2-tiny",
    revision: "local",
    executionProvider: "cpu",
    executionProviderReason: "test",
  };
}

async function readResults(path: string): Promise<EvaluationResults> {
  return JSON.parse(await Deno.readTextFile(path));
}

Deno.test("runZeroShot() scores Chronos-2 and the baselines on the same spread origins, writes and tracks them", async () => {
  const { data, pipeline } = await setup();
  const dir = await Deno.makeTempDir();
  try {
    const tracker = createTracker({ uri: `${dir}/mlruns` });
    const H = 4;
    const outcome = await runZeroShot({
      data,
      model: modelOf(pipeline),
      ...DATASET,
      contextLength: 128,
      predictionLength: H,
      maxPredictions: 12,
      batchSize: 5,
      quantileLevels: LEVELS,
      device: "cpu",
      outputDir: `${dir}/out`,
      tracker,
      experiment: "zs_test",
      segmentColumn: "Load_Type",
    });
    assertEquals(outcome.status, "FINISHED");
    const r = await readResults(outcome.resultsPath!);
    assert(/chronos2_results_\d{8}_\d{6}\.json$/.test(outcome.resultsPath!));

    // origins: the test split (last 15 %), 12 spread evenly, first and last included
    const n = data.target.length;
    const start = Math.floor(n * 0.85 + 1e-9);
    const K = n - H - start + 1;
    const expected = Array.from({ length: 12 }, (_, k) => start + Math.round((k * (K - 1)) / 11));
    assertEquals(r.origins, expected);
    assertEquals(r.timestamps.length, 12);
    assertEquals(r.config.contextLength, 128);
    assertEquals(r.config.quantileLevels, LEVELS);
    r.origins.forEach((o, i) => {
      assertEquals(r.actuals[i], Array.from(data.target.subarray(o, o + H)));
    });
    // the segment column's label at each origin
    assertEquals(r.loadType, r.origins.map((o) => data.labels!.Load_Type![o]!));

    // the baselines are computed on the very same origins
    const byName = Object.fromEntries(r.models.map((m) => [m.name, m]));
    assertEquals(Object.keys(byName), [
      "chronos-2 zero-shot",
      "persistence",
      "daily naive",
      "weekly naive",
    ]);
    r.origins.forEach((o, i) => {
      for (let h = 0; h < H; h++) {
        assertEquals(byName["persistence"]!.point[i]![h], data.target[o - 1]);
        assertEquals(byName["daily naive"]!.point[i]![h], data.target[o - 96 + h]);
        assertEquals(byName["weekly naive"]!.point[i]![h], data.target[o - 672 + h]);
      }
    });

    // Chronos-2's forecasts are what the official predict_quantiles API gives for each window
    const o = r.origins[5]!;
    const official = await pipeline.predictQuantiles(
      [Array.from(data.target.subarray(o - 128, o))],
      {
        predictionLength: H,
        quantileLevels: LEVELS,
      },
    );
    const q = official.quantiles[0]!.data; // [1, H, Q]
    const chronos = byName["chronos-2 zero-shot"]!;
    const scale = Math.max(...Array.from(q, Math.abs));
    for (let h = 0; h < H; h++) {
      LEVELS.forEach((_, j) => {
        assertClose(chronos.quantiles![5]![j]![h]!, q[h * LEVELS.length + j]!, {
          atol: 1e-4 * scale,
        });
      });
      assertClose(chronos.point[5]![h]!, official.mean[0]!.data[h]!, { atol: 1e-4 * scale });
    }

    // every model's metrics, recomputed from the file in float64
    const train = data.target.subarray(0, Math.floor(n * 0.7 + 1e-9));
    const maseScale = seasonalScaleF64(train, 96);
    for (const m of r.models) {
      const want = recomputeMetrics(r.actuals, m.point, m.quantiles, LEVELS, maseScale);
      for (const [k, v] of Object.entries(want)) {
        const got = (m.metrics as unknown as Record<string, number | null>)[k] ?? NaN;
        assertClose(got, v, { rtol: 1e-9, atol: 1e-9, label: `${m.name} ${k}` });
      }
    }

    // the tracked run
    const [run] = await listRuns({ uri: `${dir}/mlruns`, experiment: "zs_test" });
    assertEquals(run!.status, "FINISHED");
    assertEquals(run!.runId, outcome.runId);
    assertEquals(run!.params["context_length"], "128");
    assertEquals(run!.params["prediction_length"], "4");
    assertEquals(run!.params["max_predictions"], "12");
    assertEquals(run!.params["covariates"], "none");
    assertEquals(run!.params["execution_provider"], "cpu");
    assertClose(run!.metrics["rmse"]!, chronos.metrics.rmse, { rtol: 1e-12 });
    assertClose(run!.metrics["persistence_rmse"]!, byName["persistence"]!.metrics.rmse, {
      rtol: 1e-12,
    });
    assert(run!.metrics["windows_per_second"]! > 0);
    assertEquals(run!.tags["chronos.run_kind"], "zero-shot");
    assertEquals(run!.tags["chronos.results_path"], resolve(outcome.resultsPath!));
    assertEquals(run!.params["metric_kernel"], "cpu");
    // the data as a dataset input, for the split scored
    const inputs = `${dir}/mlruns/${run!.experimentId}/${run!.runId}/inputs`;
    const [input] = [...Deno.readDirSync(inputs)];
    assertMatch(
      await Deno.readTextFile(`${inputs}/${input!.name}/meta.yaml`),
      /mlflow\.data\.context: test/,
    );
    const artifact = `${run!.artifactDir}/${outcome.resultsPath!.split("/").pop()}`;
    assertEquals(JSON.parse(await Deno.readTextFile(artifact)).origins, r.origins);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runZeroShot() with past+future covariates matches the official dict input", async () => {
  const { data, pipeline } = await setup();
  const dir = await Deno.makeTempDir();
  try {
    const H = 3;
    const L = 64;
    const outcome = await runZeroShot({
      data,
      model: modelOf(pipeline),
      ...DATASET,
      split: "val",
      contextLength: L,
      predictionLength: H,
      maxPredictions: 2,
      covariates: "past+future",
      quantileLevels: LEVELS,
      device: "cpu",
      outputDir: dir,
    });
    const r = outcome.results;
    assertEquals((r.config.rows as string[]).length, 10);
    const o = r.origins[1]!;
    const past: Record<string, number[]> = {};
    const future: Record<string, number[]> = {};
    for (const c of data.covariates) {
      past[c.name] = Array.from(c.values.subarray(o - L, o));
      if (c.knownInAdvance) future[c.name] = Array.from(c.values.subarray(o, o + H));
    }
    assertEquals(Object.keys(future).length, 4);
    const official = await pipeline.predictQuantiles([{
      target: Array.from(data.target.subarray(o - L, o)),
      pastCovariates: past,
      futureCovariates: future,
    }], { predictionLength: H, quantileLevels: LEVELS });
    const q = official.quantiles[0]!.data;
    const scale = Math.max(...Array.from(q, Math.abs));
    const chronos = r.models[0]!;
    for (let h = 0; h < H; h++) {
      LEVELS.forEach((_, j) => {
        assertClose(chronos.quantiles![1]![j]![h]!, q[h * LEVELS.length + j]!, {
          atol: 1e-4 * scale,
        });
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runZeroShot() with outputDir null writes no file and still returns the results", async () => {
  const { data, pipeline } = await setup();
  const dir = await Deno.makeTempDir();
  try {
    const outcome = await runZeroShot({
      data,
      model: modelOf(pipeline),
      ...DATASET,
      contextLength: 32,
      maxPredictions: 3,
      device: "cpu",
      outputDir: null,
      tracker: createTracker({ uri: `${dir}/mlruns` }),
      experiment: "zs_null",
    });
    assertEquals(outcome.resultsPath, undefined);
    assertEquals(outcome.results.origins.length, 3);
    const [run] = await listRuns({ uri: `${dir}/mlruns` });
    assertEquals(run!.status, "FINISHED");
    assertEquals(run!.tags["chronos.results_path"], undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runZeroShot() names no dataset: no segment labels unless asked, no run without an experiment", async () => {
  const { data, pipeline } = await setup();
  const outcome = await runZeroShot({
    data,
    model: modelOf(pipeline),
    ...DATASET,
    contextLength: 32,
    maxPredictions: 2,
    device: "cpu",
    outputDir: null,
  });
  assertEquals(outcome.results.loadType, undefined);
  assertEquals(outcome.results.links, {});
  await assertRejects(
    () =>
      runZeroShot({
        data,
        model: modelOf(pipeline),
        ...DATASET,
        outputDir: null,
        tracker: createTracker({ uri: "/nonexistent/mlruns" }),
      }),
    { name: "RangeError", message: "Cannot track the zero-shot run: name its experiment" },
  );
});

Deno.test("runZeroShot() stops on abort and records what it computed as a KILLED run", async () => {
  const { data, pipeline } = await setup();
  const dir = await Deno.makeTempDir();
  try {
    const controller = new AbortController();
    const outcome = await runZeroShot({
      data,
      model: modelOf(pipeline),
      ...DATASET,
      contextLength: 32,
      maxPredictions: 9,
      batchSize: 3,
      device: "cpu",
      outputDir: dir,
      tracker: createTracker({ uri: `${dir}/mlruns` }),
      experiment: "zs_abort",
      signal: controller.signal,
      onProgress: (done) => done >= 3 && controller.abort(),
    });
    assertEquals(outcome.status, "KILLED");
    const r = await readResults(outcome.resultsPath!);
    assertEquals(r.origins.length, 3);
    assertEquals(r.config.status, "KILLED");
    for (const m of r.models) assertEquals(m.point.length, 3);
    assertEquals(r.models[0]!.metrics.n, 3);
    const [run] = await listRuns({ uri: `${dir}/mlruns` });
    assertEquals(run!.status, "KILLED");
    assertEquals(run!.metrics["n"], 3);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "runZeroShot() on the WebGPU kernel paths gives the CPU paths' windows and metrics",
  ignore: noGpu,
  async fn() {
    const { data, pipeline } = await setup();
    const dir = await Deno.makeTempDir();
    try {
      const run = (device: "cpu" | "webgpu") =>
        runZeroShot({
          data,
          model: modelOf(pipeline),
          ...DATASET,
          ...DATASET,
          contextLength: 96,
          predictionLength: 3,
          maxPredictions: 40,
          covariates: "past+future",
          device,
          outputDir: dir,
        });
      const cpu = await run("cpu");
      const gpu = await run("webgpu");
      assertEquals(cpu.kernels.window.path, "cpu");
      assertEquals(gpu.kernels.window.path, "webgpu");
      assertEquals(gpu.kernels.metrics.path, "webgpu");
      gpu.results.models.forEach((m, k) => {
        const c = cpu.results.models[k]!;
        assertEquals(m.point, c.point); // the same windows give the same forecasts
        for (const key of ["rmse", "mae", "r2", "wape", "smape", "mase", "wql"] as const) {
          assertClose(m.metrics[key], c.metrics[key], { rtol: 1e-5, label: `${m.name} ${key}` });
        }
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
