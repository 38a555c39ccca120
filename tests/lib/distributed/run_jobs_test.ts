import assert from "node:assert/strict";
import {
  type JobHandler,
  type JobQueue,
  openQueue,
  PermanentJobError,
  startWorker,
  type WorkerOptions,
} from "../../../lib/distributed/queue.ts";
import { parseRedisUrl } from "../../../lib/distributed/redis_url.ts";
import { runJobs, ShardFailedError } from "../../../lib/distributed/run_jobs.ts";
import { HAVE_REDIS, startRedis, type TestRedis } from "../../_helpers/redis.ts";

interface QueueScene {
  redis: TestRedis;
  queue: JobQueue;
  /** Starts a worker on the scene's queue (closed at the end of the test). */
  worker(handlers: Record<string, JobHandler>, options?: WorkerOptions): void;
}

/** A test on its own redis-server and queue; workers, queue and server are closed after it. */
function queueTest(
  name: string,
  body: (scene: QueueScene) => Promise<void>,
  options: { persistent?: boolean } = {},
): void {
  Deno.test({
    name,
    ignore: !HAVE_REDIS,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const redis = await startRedis(options);
      const settings = parseRedisUrl(redis.url);
      const queue = openQueue(settings, "t");
      const workers: { close(): Promise<void> }[] = [];
      try {
        await body({
          redis,
          queue,
          worker: (handlers, o) => void workers.push(startWorker(settings, "t", handlers, o)),
        });
      } finally {
        for (const w of workers) await w.close();
        await queue.close();
        await redis.stop();
      }
    },
  });
}

queueTest("runJobs() returns every shard's result in shard order across two workers", async (t) => {
  const seen: string[] = [];
  const handlers = {
    square: async (d: unknown, c: { jobId: string }) => {
      seen.push(c.jobId);
      await new Promise((r) => setTimeout(r, 5 * ((d as { x: number }).x % 3)));
      return (d as { x: number }).x ** 2;
    },
  };
  t.worker(handlers);
  t.worker(handlers, { concurrency: 2 });
  const progress: number[] = [];
  const out = await runJobs({
    queue: t.queue,
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
  assert.deepEqual((await t.queue.status(["r-0", "r-6"])).map((x) => x.state), [
    "missing",
    "missing",
  ]);
});

queueTest(
  "runJobs() names the shard and the reason when a job fails for good, without retrying it",
  async (t) => {
    let calls = 0;
    t.worker({
      check: (d: unknown) => {
        calls++;
        if ((d as { bad?: boolean }).bad) {
          return Promise.reject(new PermanentJobError('Cannot read "nope.csv": no such file'));
        }
        return Promise.resolve("ok");
      },
    });
    await assert.rejects(
      runJobs({
        queue: t.queue,
        kind: "check",
        runId: "r",
        shards: [{}, { bad: true }, {}],
        pollMs: 20,
      }),
      (e: unknown) =>
        e instanceof ShardFailedError && e.shard === 1 &&
        /Shard 2 of 3 failed after 1 attempt\(s\): Cannot read "nope\.csv"/.test(e.message),
    );
    assert.ok(calls <= 3, `the bad shard was retried: ${calls} calls`);
  },
);

queueTest("runJobs() retries a job that threw a transient error and succeeds", async (t) => {
  let calls = 0;
  t.worker({
    flaky: () =>
      ++calls === 1 ? Promise.reject(new Error("connection reset")) : Promise.resolve(calls),
  });
  const out = await runJobs({
    queue: t.queue,
    kind: "flaky",
    runId: "r",
    shards: [{}],
    pollMs: 20,
  });
  assert.deepEqual(out, [2]);
});

queueTest("runJobs() cancels the shards no worker took when its signal fires", async (t) => {
  const ac = new AbortController();
  // No worker: every shard waits; abort after the jobs were added.
  const p = runJobs({
    queue: t.queue,
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
    (await t.queue.status(["r-0", "r-1", "r-2"])).map((x) => x.state),
    ["missing", "missing", "missing"],
  );
});

queueTest("runJobs() finishes when Redis is restarted in the middle of a run", async (t) => {
  let restarted = false;
  // Redis is stopped and started again while the job runs (with its append-only file, as a
  // production Redis keeps one): worker and coordinator reconnect and the run finishes.
  t.worker({
    slow: async (d: unknown) => {
      if (!restarted) {
        restarted = true;
        await t.redis.stop();
        await new Promise((r) => setTimeout(r, 300));
        await t.redis.start();
      }
      return (d as { x: number }).x;
    },
  });
  const out = await runJobs({
    queue: t.queue,
    kind: "slow",
    runId: "r",
    shards: [{ x: 1 }, { x: 2 }, { x: 3 }],
    pollMs: 20,
  });
  assert.ok(restarted);
  assert.deepEqual(out, [1, 2, 3]);
}, { persistent: true });
