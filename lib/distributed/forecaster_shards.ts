/**
 * Any {@linkcode Forecaster} spread over workers: its request's origins cut
 * into shards, one job each, answered by a worker that rebuilds the same
 * forecaster from the task description and forecasts its shard; the shards'
 * forecasts are put back together in origin order. The evaluation around it
 * (origins, scoring, results) is unchanged, so its results equal a local
 * run's.
 *
 * @module
 */

import type { TimeSeriesData } from "../data/types.ts";
import type { Forecaster, Forecasts } from "../evaluate/forecaster.ts";
import { type JobHandler, type JobQueue, PermanentJobError } from "./queue.ts";
import { runJobs } from "./run_jobs.ts";
import { planShards } from "./shards.ts";

/** The job kind of a forecaster shard. */
export const FORECAST_SHARD_JOB = "forecast-shard";

/** What a forecast-shard job carries. */
export interface ForecastShardJob {
  /** How the worker rebuilds the data and the forecasters (`data` is the file path). */
  task: { data: string } & Record<string, unknown>;
  /** The forecaster's name among those the task builds. */
  forecaster: string;
  /** The shard's origins. */
  origins: number[];
  /** Context length of the request. */
  contextLength: number;
  /** Horizon of the request. */
  predictionLength: number;
  /** Quantile levels of the request. */
  quantileLevels: number[];
}

interface EncodedShard {
  done: number;
  point: (number | null)[];
  quantiles?: (number | null)[];
  seconds: number;
}

const enc = (a: ArrayLike<number>) => Array.from(a, (v) => (Number.isNaN(v) ? null : v));

/** Options of {@linkcode shardedForecaster}. */
export interface ShardedForecasterOptions {
  /** The queue. */
  queue: JobQueue;
  /** How workers rebuild the data and the forecaster (the data file path at least). */
  task: { data: string } & Record<string, unknown>;
  /** Shards per request. @default {8} */
  shards?: number;
  /** Origins per shard are a multiple of this. @default {1} */
  align?: number;
  /** Give up after this long with no shard finishing. @default {600000} */
  stallTimeoutMs?: number;
}

/**
 * Wraps a forecaster so that its forecasts are computed by workers.
 *
 * @param forecaster the forecaster (its name and kind; workers rebuild it from `task`)
 * @param options queue, task description, shard count
 * @returns a forecaster with the same name and kind
 * @example Usage
 * ```ts ignore
 * import { openQueue, parseRedisUrl, shardedForecaster } from "@chronos-deno/chronos-deno/distributed";
 * const queue = openQueue(parseRedisUrl("redis://127.0.0.1:6379"), "chronos");
 * const f = shardedForecaster({ name: "persistence", kind: "baseline" }, { queue, task: { data: "/shared/data/plant.csv" } });
 * ```
 */
export function shardedForecaster(
  forecaster: Pick<Forecaster, "name" | "kind">,
  options: ShardedForecasterOptions,
): Forecaster {
  return {
    name: forecaster.name,
    kind: forecaster.kind,
    async forecast(request): Promise<Forecasts> {
      const t0 = performance.now();
      const plan = planShards(request.origins.length, {
        align: options.align ?? 1,
        shards: options.shards ?? 8,
      });
      request.onProgress?.(0, request.origins.length);
      const jobs: ForecastShardJob[] = plan.map((s) => ({
        task: options.task,
        forecaster: forecaster.name,
        origins: request.origins.slice(s.start, s.end) as number[],
        contextLength: request.contextLength,
        predictionLength: request.predictionLength,
        quantileLevels: [...request.quantileLevels],
      }));
      const parts = await runJobs({
        queue: options.queue,
        kind: FORECAST_SHARD_JOB,
        runId: `fc-${crypto.randomUUID()}`,
        shards: jobs,
        ...(request.signal ? { signal: request.signal } : {}),
        ...(options.stallTimeoutMs ? { stallTimeoutMs: options.stallTimeoutMs } : {}),
        onProgress: (_d, _n, finished) => {
          let windows = 0;
          for (const i of finished) windows += plan[i]!.end - plan[i]!.start;
          request.onProgress?.(windows, request.origins.length);
        },
      }) as EncodedShard[];
      const H = request.predictionLength;
      const Q = request.quantileLevels.length;
      const n = request.origins.length;
      const point = new Float64Array(n * H);
      const quantiles = parts.some((p) => p.quantiles) ? new Float64Array(n * H * Q) : undefined;
      parts.forEach((p, i) => {
        const s = plan[i]!;
        if (p.done !== s.end - s.start || p.point.length !== p.done * H) {
          throw new RangeError(
            `Cannot merge shard ${i + 1} of "${forecaster.name}": it returned ${p.done} of its ${
              s.end - s.start
            } origins`,
          );
        }
        p.point.forEach((v, k) => (point[s.start * H + k] = v ?? NaN));
        p.quantiles?.forEach((v, k) => (quantiles![s.start * H * Q + k] = v ?? NaN));
      });
      return {
        done: n,
        point,
        ...(quantiles ? { quantiles } : {}),
        seconds: (performance.now() - t0) / 1000,
        interrupted: false,
      };
    },
  };
}

/** Rebuilds a task's data and forecasters on a worker. */
export type ForecasterBuilder = (
  task: ForecastShardJob["task"],
  data: TimeSeriesData,
) => Forecaster[] | Promise<Forecaster[]>;

/**
 * The worker's handler of forecast-shard jobs: loads the task's data once,
 * rebuilds its forecasters once, forecasts each shard.
 *
 * @param loadData reads a data file (the dataset's loader)
 * @param build rebuilds the forecasters of a task
 * @returns the job handler
 * @example Usage
 * ```ts ignore
 * import { forecastShardHandler } from "@chronos-deno/chronos-deno/distributed";
 * ```
 */
export function forecastShardHandler(
  loadData: (path: string) => Promise<TimeSeriesData>,
  build: ForecasterBuilder,
): JobHandler {
  const built = new Map<string, Promise<{ data: TimeSeriesData; forecasters: Forecaster[] }>>();
  return async (raw) => {
    const job = raw as ForecastShardJob;
    if (typeof job?.task?.data !== "string" || !Array.isArray(job.origins)) {
      throw new PermanentJobError("Cannot run the forecast shard: its job data is malformed");
    }
    const key = JSON.stringify(job.task);
    if (!built.has(key)) {
      built.set(
        key,
        loadData(job.task.data).then(async (data) => ({
          data,
          forecasters: await build(job.task, data),
        })),
      );
    }
    let ready: { data: TimeSeriesData; forecasters: Forecaster[] };
    try {
      ready = await built.get(key)!;
    } catch (err) {
      built.delete(key);
      throw new PermanentJobError(
        `Cannot load the shard's data "${job.task.data.slice(0, 200)}": ${(err as Error).message}`,
        { cause: err },
      );
    }
    const f = ready.forecasters.find((x) => x.name === job.forecaster);
    if (!f) {
      throw new PermanentJobError(
        `Cannot forecast with "${String(job.forecaster).slice(0, 60)}": the task builds ${
          ready.forecasters.map((x) => `"${x.name}"`).join(", ")
        }`,
      );
    }
    const out = await f.forecast({
      data: ready.data,
      origins: job.origins,
      contextLength: job.contextLength,
      predictionLength: job.predictionLength,
      quantileLevels: job.quantileLevels,
    });
    const encoded: EncodedShard = {
      done: out.done,
      point: enc(out.point.subarray(0, out.done * job.predictionLength)),
      ...(out.quantiles
        ? {
          quantiles: enc(
            out.quantiles.subarray(0, out.done * job.predictionLength * job.quantileLevels.length),
          ),
        }
        : {}),
      seconds: out.seconds,
    };
    return encoded;
  };
}
