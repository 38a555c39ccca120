import assert from "node:assert/strict";
import { loadSteelData } from "../../../../lib/datasets/steel.ts";
import { createTracker } from "../../../../lib/tracking/mod.ts";
import { listRuns } from "../../../../lib/tracking/list_runs.ts";
import { runSweep } from "../../../../models/chronos2/tasks/sweep.ts";
import { sweepTrialHandlers } from "../../../../models/chronos2/tasks/sweep_trial.ts";
import { STEEL_SPEC } from "../../../../lib/datasets/steel_spec.ts";
import { runWorker } from "../../../../models/chronos2/tasks/worker.ts";
import { HAVE_REDIS, startRedis } from "../../../_helpers/redis.ts";
import { withTrackingUri } from "../../../_helpers/tracking_env.ts";
import { steelCsvPath } from "../../../_helpers/steel.ts";

Deno.test({
  name:
    "runSweep() runs each trial on a worker as a child run of one parent, names the best by validation loss and keeps only its model",
  ignore: !HAVE_REDIS,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const redis = await startRedis();
    const dir = await Deno.makeTempDir({ prefix: "sweep-" });
    const mlruns = `${dir}/mlruns`;
    // The trials' runs are created on the worker, in the store MLFLOW_TRACKING_URI names.
    await withTrackingUri(mlruns, () => sweepAndCheck(redis.url, dir, mlruns)).finally(async () => {
      await redis.stop();
      await Deno.remove(dir, { recursive: true });
    });
  },
});

async function sweepAndCheck(redisUrl: string, dir: string, mlruns: string): Promise<void> {
  const ac = new AbortController();
  const worker = runWorker({
    redisUrl,
    queue: "sw",
    loadData: (p) => loadSteelData(p),
    handlers: sweepTrialHandlers({ dataset: STEEL_SPEC }),
    signal: ac.signal,
  });
  try {
    const data = (await steelCsvPath()).path;
    const out = await runSweep({
      config: {
        method: "grid",
        // lr 0 cannot move the weights: its validation loss stays the untuned one, so
        // the other trial (which learns) must be the best.
        parameters: { learningRate: [0, 5e-3] },
        fixed: {
          numSteps: 3,
          validateEvery: 1,
          batchSize: 2,
          gradientAccumulationSteps: 1,
          contextLength: 64,
          mode: "lora",
          validationWindows: 8,
        },
      },
      redisUrl,
      queue: "sw",
      model: "tests/fixtures/chronos2-tiny",
      data,
      outputDir: `${dir}/models`,
      experiment: "sweep_test",
      tracker: createTracker({ uri: mlruns }),
      maxPredictions: 3,
    });
    assert.equal(out.trials.length, 2);
    assert.deepEqual(out.trials.map((t) => t.options.learningRate), [0, 5e-3]);
    const [still, moved] = out.trials;
    assert.ok(moved!.bestValLoss! < still!.bestValLoss!, JSON.stringify(out.trials));
    assert.equal(out.best.index, 1);
    // Only the best trial's model folder is kept.
    assert.ok((await Deno.stat(out.best.modelDir)).isDirectory);
    await assert.rejects(Deno.stat(still!.modelDir), Deno.errors.NotFound);
    // One parent, two children pointing at it, in the same experiment.
    const runs = await listRuns({ uri: mlruns, experiment: "sweep_test" });
    const parent = runs.find((r) => r.runId === out.parentRunId)!;
    assert.equal(parent.status, "FINISHED");
    assert.equal(parent.tags["sweep.best_trial"], "1");
    const children = runs.filter((r) => r.tags["mlflow.parentRunId"] === out.parentRunId);
    assert.equal(children.length, 2);
    assert.deepEqual(children.map((c) => c.tags["sweep.trial"]).sort(), ["0", "1"]);
    const summary = JSON.parse(await Deno.readTextFile(out.summaryPath));
    assert.equal(summary.best, 1);
    assert.equal(summary.trials.length, 2);
  } finally {
    ac.abort();
    await worker;
  }
}
