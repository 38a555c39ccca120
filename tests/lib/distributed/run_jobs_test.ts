import assert from "node:assert/strict";
import { openQueue, PermanentJobError, startWorker } from "../../../lib/distributed/queue.ts";
import { parseRedisUrl } from "../../../lib/distributed/redis_url.ts";
import { runJobs, ShardFailedError } from "../../../lib/distributed/run_jobs.ts";
import { HAVE_REDIS, startRedis } from "../../_helpers/redis.ts";

const ignore = !HAVE_REDIS;
const sanitize = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "runJobs() returns every shard's result in shard order across two workers",
  ignore,
  ...sanitize,
  async fn() {
    const redis = await startRedis();
    const s = parseRedisUrl(redis.url);
    const queue = openQueue(s, "t1");
    const seen: string[] = [];
    const handlers = {
      square: async (d: unknown, c: { jobId: string }) => {
        seen.push(c.jobId);
        await new Promise((r) => setTimeout(r, 5 * ((d as { x: number }).x % 3)));
        return (d as { x: number }).x ** 2;
      },
    };
    const w1 = startWorker(s, "t1", handlers);
    const w2 = startWorker(s, "t1", handlers, { concurrency: 2 });
    try {
      const progress: number[] = [];
      const out = await runJobs({
        queue,
        kind: "square",
        runId: "r",
        shards: [1, 2, 3, 4, 5, 6, 7].map((x) => ({ x })),
        pollMs: 20,
        onProgress: (d) => progress.push(d),
      });
      assert.deepEqual(out, [1, 4, 9, 16, 25, 36, 49]);
      assert.equal(seen.length, 7);
      assert.equal(new Set(seen).size, 7);
      assert.equal(progress.at(-1), 7);
      // The finished jobs are forgotten: Redis holds none of them any more.
      assert.deepEqual((await queue.status(["r-0", "r-6"])).map((x) => x.state), [
        "missing",
        "missing",
      ]);
    } finally {
      await w1.close();
      await w2.close();
      await queue.close();
      await redis.stop();
    }
  },
});

Deno.test({
  name: "runJobs() names the shard and the reason when a job fails for good, without retrying it",
  ignore,
  ...sanitize,
  async fn() {
    const redis = await startRedis();
    const s = parseRedisUrl(redis.url);
    const queue = openQueue(s, "t2");
    let calls = 0;
    const w = startWorker(s, "t2", {
      check: (d: unknown) => {
        calls++;
        if ((d as { bad?: boolean }).bad) {
          return Promise.reject(new PermanentJobError('Cannot read "nope.csv": no such file'));
        }
        return Promise.resolve("ok");
      },
    });
    try {
      await assert.rejects(
        runJobs({ queue, kind: "check", runId: "r", shards: [{}, { bad: true }, {}], pollMs: 20 }),
        (e: unknown) =>
          e instanceof ShardFailedError && e.shard === 1 &&
          /Shard 2 of 3 failed after 1 attempt\(s\): Cannot read "nope\.csv"/.test(e.message),
      );
      assert.ok(calls <= 3, `the bad shard was retried: ${calls} calls`);
    } finally {
      await w.close();
      await queue.close();
      await redis.stop();
    }
  },
});

Deno.test({
  name: "runJobs() retries a job that threw a transient error and succeeds",
  ignore,
  ...sanitize,
  async fn() {
    const redis = await startRedis();
    const s = parseRedisUrl(redis.url);
    const queue = openQueue(s, "t3");
    let calls = 0;
    const w = startWorker(s, "t3", {
      flaky: () =>
        ++calls === 1 ? Promise.reject(new Error("connection reset")) : Promise.resolve(calls),
    });
    try {
      const out = await runJobs({ queue, kind: "flaky", runId: "r", shards: [{}], pollMs: 20 });
      assert.deepEqual(out, [2]);
    } finally {
      await w.close();
      await queue.close();
      await redis.stop();
    }
  },
});

Deno.test({
  name: "runJobs() cancels the shards no worker took when its signal fires",
  ignore,
  ...sanitize,
  async fn() {
    const redis = await startRedis();
    const s = parseRedisUrl(redis.url);
    const queue = openQueue(s, "t4");
    const ac = new AbortController();
    try {
      // No worker: every shard waits; abort after the jobs were added.
      const p = runJobs({
        queue,
        kind: "never",
        runId: "r",
        shards: [{}, {}, {}],
        pollMs: 20,
        signal: ac.signal,
        onProgress: () => setTimeout(() => ac.abort(), 50),
      });
      await assert.rejects(
        p,
        (e: unknown) =>
          e instanceof DOMException && e.name === "AbortError" &&
          /3 shard job\(s\) removed/.test(e.message),
      );
      assert.deepEqual(
        (await queue.status(["r-0", "r-1", "r-2"])).map((x) => x.state),
        ["missing", "missing", "missing"],
      );
    } finally {
      await queue.close();
      await redis.stop();
    }
  },
});

Deno.test({
  name: "runJobs() finishes when Redis is restarted in the middle of a run",
  ignore,
  ...sanitize,
  async fn() {
    const redis = await startRedis({ persistent: true });
    const s = parseRedisUrl(redis.url);
    const queue = openQueue(s, "t5");
    let restarted = false;
    // Redis is stopped and started again while the job runs (with its append-only file, as a
    // production Redis keeps one): worker and coordinator reconnect and the run finishes.
    const w = startWorker(s, "t5", {
      slow: async (d: unknown) => {
        if (!restarted) {
          restarted = true;
          await redis.stop();
          await new Promise((r) => setTimeout(r, 300));
          await redis.start();
        }
        return (d as { x: number }).x;
      },
    });
    try {
      const out = await runJobs({
        queue,
        kind: "slow",
        runId: "r",
        shards: [{ x: 1 }, { x: 2 }, { x: 3 }],
        pollMs: 20,
      });
      assert.ok(restarted);
      assert.deepEqual(out, [1, 2, 3]);
    } finally {
      await w.close();
      await queue.close();
      await redis.stop();
    }
  },
});
