// deno-lint-ignore-file no-console -- a measuring script that reports on the terminal
/**
 * Scaling of a distributed backtest: the same zero-shot run (model, data and
 * options from the command line) on this machine alone, then through Redis
 * with 1, 2 and 3 worker processes, alternating, repeated; prints the median
 * wall time of each, the per-shard times the workers report, and the queue's
 * overhead per job (distributed time with one worker minus the local time,
 * per shard).
 *
 * Usage: deno run -A bench/lib/distributed/scaling.ts [--model DIR | --full-size] [--data CSV]
 *        [--max-predictions N] [--shards N] [--repeat N] [--batch-size N]
 *
 * Needs redis-server (Debian's) on the PATH; starts its own on a free port.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { runDistributedZeroShotTask } from "../../../models/chronos2/tasks/distributed_zero_shot.ts";
import { runZeroShotTask } from "../../../models/chronos2/tasks/zero_shot.ts";
import { startRedis } from "../../../tests/_helpers/redis.ts";
import { fullSizeModelFolder } from "./_full_size_folder.ts";
import { STEEL_SPEC } from "../../../lib/datasets/steel_spec.ts";
import { steelCsvPath } from "../../../tests/_helpers/steel.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    model: { type: "string", default: "tests/fixtures/chronos2-tiny" },
    data: { type: "string" },
    "max-predictions": { type: "string", default: "0" },
    shards: { type: "string", default: "12" },
    repeat: { type: "string", default: "3" },
    "batch-size": { type: "string", default: "256" },
    "full-size": { type: "boolean", default: false },
  },
});
if (values["full-size"]) {
  // The released architecture with random weights, written once as a folder the workers open.
  values.model = await fullSizeModelFolder("/tmp/chronos2-full-size-random");
}
const data = values.data ?? (await steelCsvPath()).path;
const options = {
  dataset: STEEL_SPEC,
  model: values.model!,
  data,
  tracker: false as const,
  maxPredictions: Number(values["max-predictions"]),
  batchSize: Number(values["batch-size"]),
  device: "cpu" as const,
  outputDir: null,
};
const shards = Number(values.shards);
const redis = await startRedis();

function spawnWorkers(n: number): Deno.ChildProcess[] {
  return Array.from({ length: n }, () =>
    new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("../../../cli/worker.ts", import.meta.url).pathname,
        "--queue",
        "bench",
      ],
      env: { REDIS_URL: redis.url },
      stdout: "null",
      stderr: "null",
    }).spawn());
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const times: Record<string, number[]> = { local: [], w1: [], w2: [], w3: [] };
const shardSeconds: Record<string, number[]> = { w1: [], w2: [], w3: [] };
let windows = 0;
try {
  for (let r = 0; r < Number(values.repeat); r++) {
    let t0 = performance.now();
    const local = await runZeroShotTask(options);
    times.local!.push((performance.now() - t0) / 1000);
    windows = local.results.origins.length;
    for (const n of [1, 2, 3]) {
      const workers = spawnWorkers(n);
      // Warm the workers (model open, data read) with a first small run, not timed.
      await runDistributedZeroShotTask({ ...options, maxPredictions: 8 * n }, {
        redisUrl: redis.url,
        queue: "bench",
        shards: n,
      });
      t0 = performance.now();
      await runDistributedZeroShotTask(options, {
        redisUrl: redis.url,
        queue: "bench",
        shards,
        onShardTimes: (t) => shardSeconds[`w${n}`]!.push(...t.map((x) => x.seconds)),
      });
      times[`w${n}`]!.push((performance.now() - t0) / 1000);
      for (const w of workers) w.kill("SIGTERM");
      await Promise.all(workers.map((w) => w.status));
    }
  }
} finally {
  await redis.stop();
}
console.log(
  `${windows} windows, ${shards} shards, model ${options.model}, batch ${options.batchSize}`,
);
for (const [k, v] of Object.entries(times)) {
  const m = median(v);
  console.log(
    `${k.padEnd(6)} median ${m.toFixed(2)} s  (${(windows / m).toFixed(0)} windows/s; runs ${
      v.map((x) => x.toFixed(2)).join(", ")
    })` + (k !== "local" ? `  shard median ${median(shardSeconds[k]!).toFixed(3)} s` : ""),
  );
}
const overhead = (median(times.w1!) - median(times.local!)) / shards;
console.log(`queue overhead per job (1 worker vs local): ${(overhead * 1000).toFixed(0)} ms`);
