/**
 * The baselines evaluation with each baseline's forecasts computed by
 * workers (forecast-shard jobs), and the worker's handler that rebuilds the
 * baselines of a data file. Scoring and the results stay the local code, so
 * the results equal a local run's.
 *
 * @module
 */

import { resolve } from "node:path";
import {
  baselineForecasters,
  evaluateBaselines,
  type EvaluateBaselinesOptions,
} from "../baselines/evaluate_baselines.ts";
import type { TimeSeriesData } from "../data/types.ts";
import type { EvaluationResults } from "../results/schema.ts";
import { forecastShardHandler, shardedForecaster } from "./forecaster_shards.ts";
import { type JobHandler, openQueue } from "./queue.ts";
import { parseRedisUrl } from "./redis_url.ts";

/** Where and how the shards run. */
export interface BaselineDistribution {
  /** The Redis URL. */
  redisUrl: string;
  /** Queue name. @default "chronos" */
  queue?: string;
  /** Shards per baseline. @default {8} */
  shards?: number;
  /** Give up after this long with no shard finishing. @default {600000} */
  stallTimeoutMs?: number;
}

/**
 * Evaluates the baselines with their forecasts computed on workers.
 *
 * @param data the series (loaded here too: the origins and the scoring are local)
 * @param dataPath the data file the workers read
 * @param options as {@linkcode evaluateBaselines}
 * @param distribution Redis URL, queue, shards
 * @returns the results, equal to a local run's but for timings
 * @example Usage
 * ```ts ignore
 * import { evaluateBaselinesDistributed } from "@chronos-deno/chronos-deno/distributed";
 * const results = await evaluateBaselinesDistributed(data, "/shared/data/plant.csv", {}, { redisUrl: "redis://127.0.0.1:6379" });
 * ```
 */
export async function evaluateBaselinesDistributed(
  data: TimeSeriesData,
  dataPath: string,
  options: EvaluateBaselinesOptions,
  distribution: BaselineDistribution,
): Promise<EvaluationResults> {
  const queue = openQueue(parseRedisUrl(distribution.redisUrl), distribution.queue ?? "chronos");
  const task = {
    data: resolve(dataPath),
    ...(options.fractions ? { fractions: options.fractions } : {}),
    ...(options.seasonalPeriod ? { seasonalPeriod: options.seasonalPeriod } : {}),
    ...(options.weeklyPeriod ? { weeklyPeriod: options.weeklyPeriod } : {}),
  };
  try {
    return await evaluateBaselines(data, {
      ...options,
      distribute: (f) =>
        shardedForecaster(f, {
          queue,
          task,
          ...(distribution.shards ? { shards: distribution.shards } : {}),
          ...(distribution.stallTimeoutMs ? { stallTimeoutMs: distribution.stallTimeoutMs } : {}),
        }),
    });
  } finally {
    await queue.close();
  }
}

/**
 * The worker's handler of the baselines' forecast-shard jobs.
 *
 * @param loadData reads a data file (the dataset's loader)
 * @returns the job handler
 * @example Usage
 * ```ts ignore
 * import { baselineShardHandler } from "@chronos-deno/chronos-deno/distributed";
 * import { loadCsvSeries } from "@chronos-deno/chronos-deno/data";
 * const handle = baselineShardHandler((path) => loadCsvSeries(path, { timestampColumn: "time", targetColumn: "kWh" }));
 * ```
 */
export function baselineShardHandler(
  loadData: (path: string) => Promise<TimeSeriesData>,
): JobHandler {
  return forecastShardHandler(
    loadData,
    (task, data) =>
      baselineForecasters(
        data,
        task as Pick<EvaluateBaselinesOptions, "fractions" | "seasonalPeriod" | "weeklyPeriod">,
      ),
  );
}
