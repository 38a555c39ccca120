/**
 * The zero-shot task with its model calls spread over workers (BullMQ on
 * Redis): the coordinator plans the origins, sends one backtest-shard job per
 * group of whole batches, waits for all of them, and finishes the run as the
 * single-machine task does (baselines, metrics, results file, tracking) on
 * the merged forecasts, so both write the same results.
 *
 * @module
 */

import { basename, join, resolve } from "node:path";
import { openQueue } from "../../../lib/distributed/queue.ts";
import { parseRedisUrl } from "../../../lib/distributed/redis_url.ts";
import {
  distributedWindows,
  type DistributedWindowsOptions,
} from "../../../lib/distributed/window_shards.ts";
import type { BacktestShardTask } from "./backtest_shard.ts";
import { locateChronos2 } from "../open.ts";
import {
  runZeroShotTask,
  type ZeroShotTaskOptions,
  type ZeroShotTaskOutcome,
} from "./zero_shot.ts";
import { DEFAULTS } from "../../../lib/defaults.ts";

/** Where and how the shards run: the Redis URL and queue, and the shard settings. */
export interface DistributionOptions
  extends
    Pick<DistributedWindowsOptions, "shards" | "onShards" | "onShardTimes" | "stallTimeoutMs"> {
  /** The Redis URL (e.g. `$REDIS_URL`). */
  redisUrl: string;
  /** The queue the workers listen on. @default "chronos" */
  queue?: string;
}

/**
 * Runs the zero-shot task with the windows forecast by workers.
 *
 * @param options the zero-shot task's options (the data file is resolved here; workers read the same path)
 * @param distribution Redis URL, queue, shard count
 * @returns what the single-machine task returns
 * @throws {ShardFailedError} when a shard fails for good (its index and reason in the message)
 * @example Usage
 * ```ts ignore
 * import { runDistributedZeroShotTask } from "@chronos-deno/chronos-deno/chronos2";
 * import { STEEL_SPEC } from "@chronos-deno/chronos-deno/datasets";
 * const outcome = await runDistributedZeroShotTask(
 *   { dataset: STEEL_SPEC, model: "/shared/models/chronos-2", data: "/shared/data/steel.csv", maxPredictions: 0 },
 *   { redisUrl: "redis://127.0.0.1:6379", shards: 4 },
 * );
 * console.log(outcome.resultsPath);
 * ```
 */
export async function runDistributedZeroShotTask(
  options: ZeroShotTaskOptions,
  distribution: DistributionOptions,
): Promise<ZeroShotTaskOutcome> {
  const { redisUrl, queue: queueName, ...shardSettings } = distribution;
  const settings = parseRedisUrl(redisUrl);
  // The workers read the same file: resolve it here as the local task would.
  const { path: dataPath } = await options.dataset.resolve({
    ...(options.data ? { data: options.data } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  const where = await locateChronos2(options.model ?? "amazon/chronos-2", {
    onInfo: options.onInfo,
  });
  const queue = openQueue(settings, queueName ?? "chronos");
  options.onInfo?.(
    `Distributing the windows over queue "${queue.name}" at ${settings.display} ` +
      `(${shardSettings.shards ?? 8} shards)`,
  );
  try {
    return await runZeroShotTask({
      ...options,
      data: dataPath,
      forecastWindows: (fw) => {
        const task: BacktestShardTask = {
          model: resolve(where.dir),
          data: resolve(dataPath),
          contextLength: fw.contextLength,
          predictionLength: fw.predictionLength,
          batchSize: fw.batchSize ?? DEFAULTS.batchSize,
          covariates: options.covariates ?? "none",
          quantileLevels: [...fw.levels],
          device: options.device ?? "auto",
        };
        return distributedWindows({
          queue,
          task: task as unknown as Record<string, unknown>,
          ...shardSettings,
        })(fw);
      },
    });
  } finally {
    await queue.close();
  }
}

/** Options of {@linkcode runDistributedZeroShotSeries}. */
export interface ZeroShotSeriesOptions extends Omit<ZeroShotTaskOptions, "data"> {
  /** The series: one data file each, in the dataset's layout. */
  series: readonly string[];
}

/** One series' outcome. */
export interface ZeroShotSeriesOutcome extends ZeroShotTaskOutcome {
  /** The series' data file, as given. */
  series: string;
}

/**
 * Evaluates several series (one file each, same layout) in one distributed
 * run: every series' shards go to the queue at once, so the workers stay busy
 * across series; each series gets its own results file (in a folder named
 * after its file under `outputDir`) and its own tracked run. Progress is over
 * all the series' windows.
 *
 * @param options the zero-shot task's options and the series files
 * @param distribution Redis URL, queue, shards per series
 * @returns one outcome per series, in the order given
 * @throws {RangeError} when no series is given
 * @example Usage
 * ```ts ignore
 * import { runDistributedZeroShotSeries } from "@chronos-deno/chronos-deno/chronos2";
 * import { STEEL_SPEC } from "@chronos-deno/chronos-deno/datasets";
 * const out = await runDistributedZeroShotSeries(
 *   { dataset: STEEL_SPEC, model: "/shared/chronos-2", series: ["/shared/plant_a.csv", "/shared/plant_b.csv"] },
 *   { redisUrl: "redis://127.0.0.1:6379" },
 * );
 * ```
 */
export async function runDistributedZeroShotSeries(
  options: ZeroShotSeriesOptions,
  distribution: DistributionOptions,
): Promise<ZeroShotSeriesOutcome[]> {
  const { series, ...rest } = options;
  if (series.length === 0) {
    throw new RangeError("Cannot run a series evaluation without a series: name a data file");
  }
  const names = seriesFolders(series);
  const done = series.map(() => 0);
  const total = series.map(() => 0);
  return await Promise.all(series.map(async (path, i) => {
    const outcome = await runDistributedZeroShotTask({
      ...rest,
      data: path,
      ...(rest.outputDir === null
        ? {}
        : { outputDir: join(rest.outputDir ?? "models/foundation", names[i]!) }),
      onProgress: (d, t) => {
        done[i] = d;
        total[i] = t;
        rest.onProgress?.(done.reduce((a, b) => a + b, 0), total.reduce((a, b) => a + b, 0));
      },
    }, distribution);
    return { ...outcome, series: path };
  }));
}

/** A folder name per series: the file's base name, made unique with its position. */
function seriesFolders(series: readonly string[]): string[] {
  const base = series.map((p) =>
    basename(p).replace(/\.[^.]*$/, "").replace(/[^\w.-]+/g, "_") || "series"
  );
  return base.map((b, i) => (base.indexOf(b) === base.lastIndexOf(b) ? b : `${b}_${i + 1}`));
}
