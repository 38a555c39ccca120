/**
 * The zero-shot task with its model calls spread over workers (BullMQ on
 * Redis): the coordinator plans the origins, sends one backtest-shard job per
 * group of whole batches, waits for all of them, and finishes the run as the
 * single-machine task does (baselines, metrics, results file, tracking) on
 * the merged forecasts, so both write the same results.
 *
 * @module
 */

import { resolve } from "node:path";
import { openQueue } from "../../../lib/distributed/queue.ts";
import { parseRedisUrl } from "../../../lib/distributed/redis_url.ts";
import { distributedWindows } from "../../../lib/distributed/window_shards.ts";
import type { BacktestShardTask } from "./backtest_shard.ts";
import { locateChronos2 } from "../open.ts";
import {
  runZeroShotTask,
  type ZeroShotTaskOptions,
  type ZeroShotTaskOutcome,
} from "./zero_shot.ts";

/** Where and how the shards run. */
export interface DistributionOptions {
  /** The Redis URL (e.g. `$REDIS_URL`). */
  redisUrl: string;
  /** The queue the workers listen on. @default "chronos" */
  queue?: string;
  /** Shards (jobs) to cut the origins into. @default {8} */
  shards?: number;
  /** Shards done / total. */
  onShards?: (done: number, total: number) => void;
  /** Seconds, origins and worker of each shard, at the end. */
  onShardTimes?: (
    times: { shard: number; seconds: number; origins: number; worker?: string }[],
  ) => void;
  /** Give up after this long with no shard finishing (no worker?). @default {600000} */
  stallTimeoutMs?: number;
}

/**
 * Runs the zero-shot task with the windows forecast by workers.
 *
 * @param options the zero-shot task's options; `data` must name the data file the workers read
 * @param distribution Redis URL, queue, shard count
 * @returns what the single-machine task returns
 * @throws {ShardFailedError} when a shard fails for good (its index and reason in the message)
 * @example Usage
 * ```ts ignore
 * import { runDistributedZeroShotTask } from "@chronos-deno/chronos-deno/chronos2";
 * const outcome = await runDistributedZeroShotTask(
 *   { model: "/shared/models/chronos-2", data: "/shared/data/steel.csv", maxPredictions: 0 },
 *   { redisUrl: "redis://127.0.0.1:6379", shards: 4 },
 * );
 * console.log(outcome.resultsPath);
 * ```
 */
export async function runDistributedZeroShotTask(
  options: ZeroShotTaskOptions & { data: string },
  distribution: DistributionOptions,
): Promise<ZeroShotTaskOutcome> {
  const settings = parseRedisUrl(distribution.redisUrl);
  const where = await locateChronos2(options.model ?? "amazon/chronos-2", {
    onInfo: options.onInfo,
  });
  const queue = openQueue(settings, distribution.queue ?? "chronos");
  options.onInfo?.(
    `Distributing the windows over queue "${queue.name}" at ${settings.display} ` +
      `(${distribution.shards ?? 8} shards)`,
  );
  try {
    return await runZeroShotTask({
      ...options,
      forecastWindows: (fw) => {
        const task: BacktestShardTask = {
          model: resolve(where.dir),
          data: resolve(options.data),
          contextLength: fw.contextLength,
          predictionLength: fw.predictionLength,
          batchSize: fw.batchSize ?? 512,
          covariates: options.covariates ?? "none",
          quantileLevels: [...fw.levels],
          device: options.device ?? "auto",
        };
        return distributedWindows({
          queue,
          task: task as unknown as Record<string, unknown>,
          ...(distribution.shards ? { shards: distribution.shards } : {}),
          ...(distribution.onShards ? { onShards: distribution.onShards } : {}),
          ...(distribution.onShardTimes ? { onShardTimes: distribution.onShardTimes } : {}),
          ...(distribution.stallTimeoutMs ? { stallTimeoutMs: distribution.stallTimeoutMs } : {}),
        })(fw);
      },
    });
  } finally {
    await queue.close();
  }
}
