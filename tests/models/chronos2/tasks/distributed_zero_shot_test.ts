import assert from "node:assert/strict";
import { loadSteelData } from "../../../../lib/datasets/steel.ts";
import { STEEL_SPEC } from "../../../../lib/datasets/steel_spec.ts";
import { ShardFailedError } from "../../../../lib/distributed/run_jobs.ts";
import type { EvaluationResults } from "../../../../lib/results/schema.ts";
import {
  runDistributedZeroShotSeries,
  runDistributedZeroShotTask,
} from "../../../../models/chronos2/tasks/distributed_zero_shot.ts";
import { runWorker } from "../../../../models/chronos2/tasks/worker.ts";
import { backtestShardHandler } from "../../../../models/chronos2/tasks/backtest_shard.ts";
import { WINDOW_SHARD_JOB } from "../../../../lib/distributed/window_shards.ts";
import { runZeroShotTask } from "../../../../models/chronos2/tasks/zero_shot.ts";
import { HAVE_REDIS, startRedis } from "../../../_helpers/redis.ts";
import {
  generatedSteelPath,
  generateSteelCsv,
  steelCsvPath,
  writeTempFile,
} from "../../../_helpers/steel.ts";

const TINY = "tests/fixtures/chronos2-tiny";
const ignore = !HAVE_REDIS;
const sanitize = { sanitizeOps: false, sanitizeResources: false };

/** The results without what differs between any two runs (clock, run links, timings). */
function comparable(r: EvaluationResults): unknown {
  const { createdAt: _c, links: _l, ...rest } = r;
  return { ...rest, models: r.models.map(({ timing: _t, ...m }) => m) };
}

function startInProcessWorker(url: string, queue: string, loadData = loadSteelData) {
  const ac = new AbortController();
  // A short lock: this worker checks for stalled jobs (a killed worker's) every second.
  const done = runWorker({
    redisUrl: url,
    queue,
    loadData: (p) => loadData(p),
    signal: ac.signal,
    lockDurationMs: 2000,
  });
  return { stop: async () => (ac.abort(), await done) };
}

const OPTIONS = {
  dataset: STEEL_SPEC,
  model: TINY,
  tracker: false as const,
  maxPredictions: 40,
  contextLength: 96,
  predictionLength: 3,
  batchSize: 40, // 4 windows of 10 rows a model call with covariates
  covariates: "past+future" as const,
  device: "cpu" as const,
  outputDir: null,
};

Deno.test({
  name:
    "runDistributedZeroShotTask() writes the single-machine results over two workers, to the last digit",
  ignore,
  ...sanitize,
  async fn() {
    const redis = await startRedis();
    const data = (await steelCsvPath()).path;
    const w1 = startInProcessWorker(redis.url, "zs1");
    const w2 = startInProcessWorker(redis.url, "zs1");
    try {
      const local = await runZeroShotTask({ ...OPTIONS, data });
      const times: number[] = [];
      const dist = await runDistributedZeroShotTask({ ...OPTIONS, data }, {
        redisUrl: redis.url,
        queue: "zs1",
        shards: 3,
        onShardTimes: (t) => times.push(...t.map((x) => x.origins)),
      });
      assert.deepEqual(times, [12, 12, 16]); // 10 batches of 4 windows → 3 + 3 + 4 batches
      assert.deepEqual(comparable(dist.results), comparable(local.results));
      assert.equal(dist.results.origins.length, 40);
      // Not vacuous: the forecasts and their quantiles are there, and differ between origins.
      const chronos = dist.results.models[0]!;
      assert.equal(chronos.quantiles!.length, 40);
      assert.notEqual(chronos.point[0]![0], chronos.point[20]![0]);
    } finally {
      await w1.stop();
      await w2.stop();
      await redis.stop();
    }
  },
});

Deno.test({
  name:
    "runDistributedZeroShotTask() retries the shard of a worker killed mid-job on another worker, nothing lost or doubled",
  ignore,
  ...sanitize,
  async fn() {
    const redis = await startRedis();
    const data = (await steelCsvPath()).path;
    const slow = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-all",
        new URL("./_slow_worker.ts", import.meta.url).pathname,
        redis.url,
        "zs2",
      ],
      stdout: "piped",
      stderr: "null",
    }).spawn();
    let healthy: { stop: () => Promise<void> } | undefined;
    try {
      const local = await runZeroShotTask({ ...OPTIONS, data });
      const run = runDistributedZeroShotTask({ ...OPTIONS, data }, {
        redisUrl: redis.url,
        queue: "zs2",
        shards: 2,
      });
      // Wait until the slow worker holds a shard, kill it, then start a healthy worker.
      const reader = slow.stdout.getReader();
      let seen = "";
      while (!seen.includes("taken ")) {
        const { value, done } = await reader.read();
        if (done) throw new Error("The slow worker exited before taking a job");
        seen += new TextDecoder().decode(value);
      }
      slow.kill("SIGKILL");
      await slow.status;
      healthy = startInProcessWorker(redis.url, "zs2");
      const dist = await run;
      assert.deepEqual(comparable(dist.results), comparable(local.results));
      assert.deepEqual(dist.results.origins, local.results.origins);
    } finally {
      try {
        slow.kill("SIGKILL");
      } catch { /* already gone */ }
      await slow.stdout.cancel().catch(() => {});
      await healthy?.stop();
      await redis.stop();
    }
  },
});

Deno.test({
  name:
    "runDistributedZeroShotTask() names the shard and the reason when a worker cannot read the data",
  ignore,
  ...sanitize,
  async fn() {
    const redis = await startRedis();
    const data = (await steelCsvPath()).path;
    const w = startInProcessWorker(
      redis.url,
      "zs3",
      () => Promise.reject(new Deno.errors.NotFound(`Cannot read "${data}": no such file`)),
    );
    try {
      await assert.rejects(
        runDistributedZeroShotTask({ ...OPTIONS, data }, {
          redisUrl: redis.url,
          queue: "zs3",
          shards: 2,
        }),
        (e: unknown) =>
          e instanceof ShardFailedError &&
          /^Shard [12] of 2 failed after 1 attempt\(s\): Cannot open the shard's model or data on .*no such file/
            .test(e.message),
      );
    } finally {
      await w.stop();
      await redis.stop();
    }
  },
});

Deno.test({
  name:
    "runDistributedZeroShotSeries() evaluates several files in one run, each equal to its local run, in its own folder",
  ignore,
  ...sanitize,
  async fn() {
    const redis = await startRedis();
    // Two different plants' files (another seed of the generated layout).
    const a = await generatedSteelPath();
    const b = await writeTempFile(generateSteelCsv({ seed: 7 }), "plant_b.csv");
    const out = await Deno.makeTempDir();
    const w = startInProcessWorker(redis.url, "zs4");
    try {
      const progress: [number, number][] = [];
      const outcomes = await runDistributedZeroShotSeries(
        { ...OPTIONS, series: [a, b], outputDir: out, onProgress: (d, t) => progress.push([d, t]) },
        { redisUrl: redis.url, queue: "zs4", shards: 2 },
      );
      assert.deepEqual(outcomes.map((o) => o.series), [a, b]);
      for (const [i, path] of [a, b].entries()) {
        const local = await runZeroShotTask({ ...OPTIONS, data: path });
        assert.deepEqual(comparable(outcomes[i]!.results), comparable(local.results));
      }
      // The two series differ (else the test could not tell them apart).
      assert.notDeepEqual(outcomes[0]!.results.actuals, outcomes[1]!.results.actuals);
      assert.deepEqual(progress.at(-1), [80, 80]);
      const folders = outcomes.map((o) => o.resultsPath!.slice(out.length + 1).split("/")[0]);
      assert.equal(new Set(folders).size, 2, folders.join(", "));
    } finally {
      await w.stop();
      await redis.stop();
      await Deno.remove(out, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "runDistributedZeroShotTask() stopped by its signal keeps the shards done in order and records KILLED",
  ignore,
  ...sanitize,
  async fn() {
    const redis = await startRedis();
    const data = (await steelCsvPath()).path;
    const real = backtestShardHandler({ loadData: (p) => loadSteelData(p) });
    let release = () => {};
    const hang = new Promise<void>((r) => (release = r));
    const ac = new AbortController();
    const worker = runWorker({
      redisUrl: redis.url,
      queue: "zs5",
      loadData: (p) => loadSteelData(p),
      signal: ac.signal,
      handlers: {
        // Shard 2 of 2 never finishes (a slow machine); shard 1 runs for real.
        [WINDOW_SHARD_JOB]: async (d, c) =>
          (d as { shard: number }).shard === 1 ? (await hang, null) : await real.handle(d, c),
      },
    });
    const stop = new AbortController();
    try {
      const out = await runDistributedZeroShotTask({
        ...OPTIONS,
        data,
        signal: stop.signal,
        onProgress: (done) => done > 0 && stop.abort(), // Ctrl-C once the first shard is in
      }, { redisUrl: redis.url, queue: "zs5", shards: 2 });
      assert.equal(out.status, "KILLED");
      assert.equal(out.results.origins.length, 20); // shard 1 of 2: 5 of the 10 batches of 4
      // The windows kept are exactly the local run's first 20, forecast the same way.
      const first = await runZeroShotTask({
        ...OPTIONS,
        data,
        forecastWindows: async (fw) => {
          const { forecastWindows } = await import("../../../../lib/evaluate/forecast_windows.ts");
          return await forecastWindows({ ...fw, origins: fw.origins.slice(0, 20) });
        },
      });
      assert.deepEqual(out.results.models[0]!.point, first.results.models[0]!.point);
      assert.deepEqual(out.results.origins, first.results.origins);
    } finally {
      release();
      ac.abort();
      await worker;
      await real.release();
      await redis.stop();
    }
  },
});
