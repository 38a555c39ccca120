// A worker for the fault test: it takes a backtest shard, says so on stdout, and then hangs, so
// that the test can SIGKILL it in the middle of the job. Its short lock lets another worker
// retry the job soon after.
import { loadSteelData } from "../../../../lib/datasets/steel.ts";
import { WINDOW_SHARD_JOB } from "../../../../lib/distributed/window_shards.ts";
import { runWorker } from "../../../../models/chronos2/tasks/worker.ts";

const ac = new AbortController();
await runWorker({
  redisUrl: Deno.args[0]!,
  queue: Deno.args[1]!,
  loadData: (p) => loadSteelData(p),
  lockDurationMs: 1000,
  signal: ac.signal,
  handlers: {
    [WINDOW_SHARD_JOB]: async (_data, ctx) => {
      Deno.stdout.writeSync(new TextEncoder().encode(`taken ${ctx.jobId}\n`));
      await new Promise((r) => setTimeout(r, 600_000));
      return null;
    },
  },
});
