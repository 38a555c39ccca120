import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { runEnsemble } from "../../../lib/ensemble/run_ensemble.ts";
import { loadResults } from "../../../lib/results/read.ts";
import {
  type EvaluationResults,
  type MetricSet,
  type ModelResult,
  RESULTS_SCHEMA,
} from "../../../lib/results/schema.ts";
import { writeResultsFile } from "../../../lib/results/write.ts";
import { seededRandom } from "../../_helpers/random.ts";

const METRICS: MetricSet = {
  n: 0,
  rmse: 1,
  mae: 1,
  r2: 0,
  mape: 0,
  mapeSkipped: 0,
  wape: 0,
  smape: 0,
  mase: 0.5,
  wql: NaN,
  coverage: NaN,
};

/** A results file of `split` with actuals y and models that add independent noise. */
function resultsOf(
  split: "val" | "test",
  start: number,
  n: number,
  noise: Record<string, number>,
  seed: number,
): EvaluationResults {
  const rnd = seededRandom(seed);
  const y = Array.from({ length: n }, (_, i) => 50 + 30 * Math.sin(i / 7));
  const models: ModelResult[] = Object.entries(noise).map(([name, sd]) => ({
    name,
    kind: name === "persistence" ? "baseline" : "gbdt",
    metrics: { ...METRICS, n },
    point: y.map((v) => [v + sd * (rnd() - 0.5) * Math.sqrt(12)]),
  }));
  return {
    schema: RESULTS_SCHEMA,
    task: "gbdt",
    createdAt: new Date().toISOString(),
    config: {
      data: "synthetic",
      split,
      contextLength: 672,
      predictionLength: 1,
      covariates: "none",
      quantileLevels: [0.1, 0.5, 0.9],
    },
    origins: Array.from({ length: n }, (_, i) => start + i),
    timestamps: Array.from(
      { length: n },
      (_, i) => new Date(Date.UTC(2018, 0, 1) + (start + i) * 900_000).toISOString(),
    ),
    actuals: y.map((v) => [v]),
    loadType: y.map((_, i) => (i % 2 ? "Light_Load" : "Maximum_Load")),
    models,
    links: { experiment: "plant_xgboost" },
  };
}

const NOISE = { a: 4, b: 4, persistence: 10 };

async function fixture(dir: string) {
  await writeResultsFile(resultsOf("val", 1000, 800, NOISE, 1), dir, { prefix: "val_results" });
  await writeResultsFile(resultsOf("test", 2000, 800, NOISE, 2), dir, { prefix: "test_results" });
}

function rmse(point: number[][], actual: number[][]): number {
  let s = 0;
  point.forEach((r, i) => (s += (r[0]! - actual[i]![0]!) ** 2));
  return Math.sqrt(s / point.length);
}

Deno.test("runEnsemble() fits on validation, evaluates on test, and beats each member", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await fixture(dir);
    const out = await runEnsemble({ results: [dir], outputDir: `${dir}/out`, tracker: false });
    const r = out.results;
    equal(r.task, "ensemble");
    equal(r.config.split, "test");
    deepEqual(r.config.members, ["a", "b"]);
    deepEqual(r.models.map((m) => m.name), [
      "a",
      "b",
      "persistence",
      "ensemble (weighted)",
      "ensemble (stacked)",
    ]);
    const w = r.models[3]!.weights!;
    // Two members with the same independent noise: about half each.
    ok(Math.abs(w.a! - 0.5) < 0.1 && Math.abs(w.a! + w.b! - 1) < 1e-12, JSON.stringify(w));
    const member = Math.min(
      rmse(r.models[0]!.point, r.actuals),
      rmse(r.models[1]!.point, r.actuals),
    );
    for (const e of r.models.slice(3)) {
      const own = rmse(e.point, r.actuals);
      ok(Math.abs(own - e.metrics.rmse) < 1e-9, "metrics match the forecasts");
      ok(own < 0.85 * member, `${e.name}: ${own} vs best member ${member}`);
      equal(e.quantiles![0]!.length, 3);
      ok(e.metrics.coverage > 0.7 && e.metrics.coverage < 0.9, `${e.metrics.coverage}`);
    }
    ok("(intercept)" in r.models[4]!.weights!);
    equal(r.links?.experiment, "plant_ensemble");
    const { results } = await loadResults(out.resultsPath!);
    equal(results.models.length, 5);
    deepEqual(results.loadType, r.loadType);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runEnsemble() needs both splits and two members", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await writeResultsFile(resultsOf("test", 2000, 50, NOISE, 2), dir, { prefix: "test_results" });
    await rejects(runEnsemble({ results: [dir], outputDir: null, tracker: false }), /--split val/);
    await writeResultsFile(resultsOf("val", 1000, 50, NOISE, 1), dir, { prefix: "val_results" });
    await rejects(
      runEnsemble({ results: [dir], members: ["a"], outputDir: null, tracker: false }),
      /at least two models/,
    );
    await rejects(
      runEnsemble({ results: [dir], members: ["a", "zz"], outputDir: null, tracker: false }),
      /"zz" not in both splits/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
