import assert from "node:assert/strict";
import { evaluateBaselines } from "../../../lib/baselines/evaluate_baselines.ts";
import { loadSteelData } from "../../../lib/datasets/steel.ts";
import {
  baselineShardHandler,
  evaluateBaselinesDistributed,
} from "../../../lib/distributed/distributed_baselines.ts";
import { FORECAST_SHARD_JOB } from "../../../lib/distributed/forecaster_shards.ts";
import { startWorker } from "../../../lib/distributed/queue.ts";
import { parseRedisUrl } from "../../../lib/distributed/redis_url.ts";
import type { EvaluationResults } from "../../../lib/results/schema.ts";
import { HAVE_REDIS, startRedis } from "../../_helpers/redis.ts";
import { steelCsvPath } from "../../_helpers/steel.ts";

function comparable(r: EvaluationResults): unknown {
  const { createdAt: _c, links: _l, ...rest } = r;
  return { ...rest, models: r.models.map(({ timing: _t, ...m }) => m) };
}

Deno.test({
  name:
    "evaluateBaselinesDistributed() gives the local results, every baseline computed by two workers",
  ignore: !HAVE_REDIS,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const redis = await startRedis();
    const s = parseRedisUrl(redis.url);
    const path = (await steelCsvPath()).path;
    let jobs = 0;
    const handle = baselineShardHandler(async (p) => (jobs++, await loadSteelData(p)));
    const workers = [1, 2].map(() => startWorker(s, "b1", { [FORECAST_SHARD_JOB]: handle }));
    try {
      const data = await loadSteelData(path);
      const options = {
        split: "val" as const,
        predictionLength: 4,
        stride: 5,
        segmentColumn: "Load_Type",
      };
      const local = await evaluateBaselines(data, options);
      const dist = await evaluateBaselinesDistributed(data, path, options, {
        redisUrl: redis.url,
        queue: "b1",
        shards: 3,
      });
      assert.deepEqual(comparable(dist), comparable(local));
      assert.equal(dist.models.length, 4);
      assert.ok(dist.origins.length > 100);
      assert.equal(jobs, 1, "the data is read once per worker handler, not per job");
    } finally {
      for (const w of workers) await w.close();
      await redis.stop();
    }
  },
});
