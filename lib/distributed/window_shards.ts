/**
 * A backtest's model calls spread over workers: the origins cut into shards
 * on batch boundaries, one job per shard (each worker runs
 * `forecastWindows` on its origins with the same model, data and options),
 * and the shards' forecasts put back together in origin order. Plugged into
 * the evaluation in place of the local `forecastWindows`, everything else of
 * the run (baselines, metrics, results file, tracking) is the single-machine
 * code, so the merged results equal the single-machine results to the last
 * digit: each shard makes exactly the model calls the single run makes.
 *
 * @module
 */

import type { ForecastWindowsOptions, WindowForecasts } from "../evaluate/forecast_windows.ts";
import type { JobQueue } from "./queue.ts";
import { runJobs } from "./run_jobs.ts";
import { planShards } from "./shards.ts";
import { DEFAULTS } from "../defaults.ts";

/** The job kind of a backtest shard. */
export const WINDOW_SHARD_JOB = "backtest-shard";

/** What a shard job carries: the worker's task options (opaque here) and its origins. */
export interface WindowShardJob {
  /** Options the worker needs to rebuild the run (model, data, sizes, covariates, levels). */
  task: Record<string, unknown>;
  /** The shard's origins, in order. */
  origins: number[];
  /** Shard index. */
  shard: number;
}

/** A shard's forecasts as JSON (NaN written as null). */
export interface EncodedForecasts {
  /** Windows forecast. */
  done: number;
  /** [done·H] medians. */
  point: (number | null)[];
  /** [done·H·Q] quantiles. */
  quantiles: (number | null)[];
  /** [done·H] actuals as gathered. */
  actuals: (number | null)[];
  /** Seconds the worker spent. */
  seconds: number;
  /** Model calls made. */
  batches: number;
  /** Host and pid of the worker that ran it. */
  worker?: string;
}

const enc = (a: ArrayLike<number>) => Array.from(a, (v) => (Number.isNaN(v) ? null : v));

/**
 * Writes window forecasts as JSON-safe arrays (NaN as null; doubles keep every digit).
 *
 * @param f the forecasts
 * @param worker who computed them
 * @returns the encoded forecasts
 * @example Usage
 * ```ts
 * import { decodeForecasts, encodeForecasts } from "@chronos-deno/chronos-deno/distributed";
 * import assert from "node:assert/strict";
 * const f = { done: 1, point: new Float64Array([0.1 + 0.2]), quantiles: new Float64Array([NaN]),
 *   actuals: new Float32Array([1.5]), seconds: 1, windowsPerSecond: 1, interrupted: false, batches: 1 };
 * const back = decodeForecasts([JSON.parse(JSON.stringify(encodeForecasts(f)))]);
 * assert.equal(back.point[0], 0.1 + 0.2);
 * assert.ok(Number.isNaN(back.quantiles[0]));
 * ```
 */
export function encodeForecasts(f: WindowForecasts, worker?: string): EncodedForecasts {
  return {
    done: f.done,
    point: enc(f.point),
    quantiles: enc(f.quantiles),
    actuals: enc(f.actuals),
    seconds: f.seconds,
    batches: f.batches,
    ...(worker ? { worker } : {}),
  };
}

/**
 * Puts shards' forecasts back together in shard order.
 *
 * @param parts the shards' encoded forecasts, in shard order
 * @param seconds wall time to report (the coordinator's) @default the shards' sum
 * @returns one `WindowForecasts` for all the shards' windows
 * @example Usage
 * ```ts
 * import { decodeForecasts } from "@chronos-deno/chronos-deno/distributed";
 * import assert from "node:assert/strict";
 * const part = (v: number) => ({ done: 1, point: [v], quantiles: [v], actuals: [v], seconds: 1, batches: 1 });
 * assert.deepEqual(Array.from(decodeForecasts([part(1), part(2)]).point), [1, 2]);
 * ```
 */
export function decodeForecasts(
  parts: readonly EncodedForecasts[],
  seconds?: number,
): WindowForecasts {
  const cat = <T extends Float32Array | Float64Array>(
    make: new (n: number) => T,
    pick: (p: EncodedForecasts) => readonly (number | null)[],
  ): T => {
    const out = new make(parts.reduce((n, p) => n + pick(p).length, 0));
    let k = 0;
    for (const p of parts) for (const v of pick(p)) out[k++] = v === null ? NaN : v;
    return out;
  };
  const done = parts.reduce((n, p) => n + p.done, 0);
  const secs = seconds ?? parts.reduce((s, p) => s + p.seconds, 0);
  return {
    done,
    point: cat(Float64Array, (p) => p.point),
    quantiles: cat(Float64Array, (p) => p.quantiles),
    actuals: cat(Float32Array, (p) => p.actuals),
    seconds: secs,
    windowsPerSecond: secs > 0 ? done / secs : NaN,
    interrupted: false,
    batches: parts.reduce((n, p) => n + p.batches, 0),
  };
}

/** Options of {@linkcode distributedWindows}. */
export interface DistributedWindowsOptions {
  /** The queue. */
  queue: JobQueue;
  /** Task options every shard's worker gets. */
  task: Record<string, unknown>;
  /** Shards to cut the origins into. @default {8} */
  shards?: number;
  /** Run id (job ids derive from it). @default a random UUID */
  runId?: string;
  /** Shard-level progress (the evaluation's own progress is per window). */
  onShards?: (done: number, total: number) => void;
  /** Timing of each shard, once all are done. */
  onShardTimes?: (
    times: { shard: number; seconds: number; origins: number; worker?: string }[],
  ) => void;
  /** Give up after this long with no shard finishing. @default {600000} */
  stallTimeoutMs?: number;
}

/**
 * A replacement for `forecastWindows` that runs the shards on workers.
 * Progress is reported in windows (the windows of each finished shard).
 *
 * @param options queue, task options, shard count
 * @returns a function with `forecastWindows`' signature
 * @example Usage
 * ```ts ignore
 * import { distributedWindows, openQueue, parseRedisUrl } from "@chronos-deno/chronos-deno/distributed";
 * const queue = openQueue(parseRedisUrl("redis://127.0.0.1:6379"), "chronos");
 * const forecast = distributedWindows({ queue, task: { model: "/models/chronos-2" }, shards: 4 });
 * ```
 */
export function distributedWindows(
  options: DistributedWindowsOptions,
): (fw: ForecastWindowsOptions) => Promise<WindowForecasts> {
  return async (fw) => {
    const perBatch = Math.max(
      1,
      Math.floor((fw.batchSize ?? DEFAULTS.batchSize) / fw.rows.series.length),
    );
    const plan = planShards(fw.origins.length, { align: perBatch, shards: options.shards ?? 8 });
    const total = fw.origins.length;
    const t0 = performance.now();
    fw.onProgress?.(0, total);
    const jobs: WindowShardJob[] = plan.map((s) => ({
      task: options.task,
      origins: fw.origins.slice(s.start, s.end) as number[],
      shard: s.index,
    }));
    const results = await runJobs({
      queue: options.queue,
      kind: WINDOW_SHARD_JOB,
      runId: options.runId ?? crypto.randomUUID(),
      shards: jobs,
      ...(fw.signal ? { signal: fw.signal, onAbort: "partial" as const } : {}),
      ...(options.stallTimeoutMs ? { stallTimeoutMs: options.stallTimeoutMs } : {}),
      onProgress: (done, n, finished) => {
        options.onShards?.(done, n);
        let windows = 0;
        for (const i of finished) windows += plan[i]!.end - plan[i]!.start;
        fw.onProgress?.(windows, total);
      },
    }) as (EncodedForecasts | undefined)[];
    // Interrupted (Ctrl-C): as the local loop, keep the windows done in order, the finished
    // shards up to the first unfinished one; the run is then recorded as KILLED.
    const finished = results.findIndex((r) => r === undefined);
    if (finished !== -1) {
      const kept = results.slice(0, finished) as EncodedForecasts[];
      return { ...decodeForecasts(kept, (performance.now() - t0) / 1000), interrupted: true };
    }
    results.forEach((r, i) => {
      const want = plan[i]!.end - plan[i]!.start;
      if (!r || r.done !== want || r.point.length !== want * fw.predictionLength) {
        throw new RangeError(
          `Cannot merge shard ${i + 1}: it returned ${r?.done ?? 0} of its ${want} windows`,
        );
      }
    });
    options.onShardTimes?.((results as EncodedForecasts[]).map((r, i) => ({
      shard: i,
      seconds: r.seconds,
      origins: plan[i]!.end - plan[i]!.start,
      ...(r.worker ? { worker: r.worker } : {}),
    })));
    fw.onProgress?.(total, total);
    return decodeForecasts(results as EncodedForecasts[], (performance.now() - t0) / 1000);
  };
}
