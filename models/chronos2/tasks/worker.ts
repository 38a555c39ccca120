/**
 * A worker process's loop: connect to the queue and run the project's jobs
 * (backtest shards; fine-tuning trials of a sweep) until stopped, then finish
 * the jobs in flight and release the models.
 *
 * @module
 */

import type { TimeSeriesData } from "../../../lib/data/types.ts";
import { type JobHandler, startWorker } from "../../../lib/distributed/queue.ts";
import { parseRedisUrl } from "../../../lib/distributed/redis_url.ts";
import { WINDOW_SHARD_JOB } from "../../../lib/distributed/window_shards.ts";
import { FORECAST_SHARD_JOB } from "../../../lib/distributed/forecaster_shards.ts";
import { baselineShardHandler } from "../../../lib/distributed/distributed_baselines.ts";
import { backtestShardHandler } from "./backtest_shard.ts";

/** Options of {@linkcode runWorker}. */
export interface RunWorkerOptions {
  /** The Redis URL. */
  redisUrl: string;
  /** Queue name. @default "chronos" */
  queue?: string;
  /** Jobs run at once. @default {1} */
  concurrency?: number;
  /** Reads a data file (the dataset's loader). */
  loadData: (path: string) => Promise<TimeSeriesData>;
  /** More job kinds (e.g. sweep trials). */
  handlers?: Record<string, JobHandler>;
  /** Stops the worker (after the jobs in flight). */
  signal: AbortSignal;
  /** A line per job and per notable event. */
  onInfo?: (line: string) => void;
  /** Lock duration of a job in ms; a dead worker's job is retried after it. @default {30000} */
  lockDurationMs?: number;
}

/**
 * Runs a worker until the signal fires.
 *
 * @param options Redis URL, queue, concurrency, data loader, signal
 * @returns once the worker has stopped
 * @example Usage
 * ```ts ignore
 * import { runWorker } from "@chronos-deno/chronos-deno/chronos2";
 * import { loadSteelData } from "@chronos-deno/chronos-deno/datasets";
 * const ac = new AbortController();
 * await runWorker({ redisUrl: "redis://127.0.0.1:6379", loadData: loadSteelData, signal: ac.signal });
 * ```
 */
export async function runWorker(options: RunWorkerOptions): Promise<void> {
  const settings = parseRedisUrl(options.redisUrl);
  const shards = backtestShardHandler({
    loadData: options.loadData,
    ...(options.onInfo ? { onInfo: options.onInfo } : {}),
  });
  const name = options.queue ?? "chronos";
  const worker = startWorker(settings, name, {
    [WINDOW_SHARD_JOB]: shards.handle,
    [FORECAST_SHARD_JOB]: baselineShardHandler(options.loadData),
    ...options.handlers,
  }, {
    concurrency: options.concurrency ?? 1,
    ...(options.lockDurationMs ? { lockDurationMs: options.lockDurationMs } : {}),
    onJob: (e) =>
      options.onInfo?.(
        `${e.ok ? "Done" : "Failed"} ${e.kind} ${e.jobId} in ${e.seconds.toFixed(2)} s` +
          (e.error ? `: ${e.error.slice(0, 300)}` : ""),
      ),
  });
  options.onInfo?.(
    `Worker ${Deno.pid} on queue "${name}" at ${settings.display} (concurrency ${
      options.concurrency ?? 1
    })`,
  );
  await new Promise<void>((resolve) => {
    if (options.signal.aborted) resolve();
    options.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  options.onInfo?.("Stopping: finishing the jobs in flight");
  await worker.close();
  await shards.release();
}
