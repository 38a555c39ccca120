/**
 * The worker's side of a distributed Chronos-2 backtest: a job handler that
 * forecasts one shard of origins with the run's model, data and options, as
 * the single-machine evaluation would (same rows, same batches, same
 * quantile interpolation). Models and data are kept open between jobs of the
 * same worker, so a shard costs its model calls, not a model load.
 *
 * What workers share with the coordinator: the model (a folder at the same
 * path, e.g. on a shared mount, or a hub id each worker fetches into its own
 * cache) and the data file (same path, or the dataset's own download).
 * Results travel back through Redis.
 *
 * @module
 */

import { hostname } from "node:os";
import type { TimeSeriesData } from "../../../lib/data/types.ts";
import { type CovariateMode, windowRows } from "../../../lib/evaluate/covariate_rows.ts";
import { forecastWindows } from "../../../lib/evaluate/forecast_windows.ts";
import { chooseWindowKernel } from "../../../lib/evaluate/kernel_paths.ts";
import { encodeForecasts, type WindowShardJob } from "../../../lib/distributed/window_shards.ts";
import { type JobHandler, PermanentJobError } from "../../../lib/distributed/queue.ts";
import { openChronos2, type OpenedChronos2 } from "../open.ts";
import { interpolateQuantiles } from "../quantiles.ts";
import type { Device } from "../../../lib/gpu/select.ts";

/** The task options a backtest shard carries (set by the coordinator). */
export interface BacktestShardTask {
  /** Model folder or hub id. */
  model: string;
  /** Data file, as the dataset's loader reads it. */
  data: string;
  /** Context length. */
  contextLength: number;
  /** Horizon. */
  predictionLength: number;
  /** Series rows per model call. */
  batchSize: number;
  /** Covariate mode. */
  covariates: CovariateMode;
  /** Quantile levels reported. */
  quantileLevels: number[];
  /** Device of the model and kernels. */
  device: Device;
}

/** Options of {@linkcode backtestShardHandler}. */
export interface BacktestShardHandlerOptions {
  /** Reads the data file (the dataset's loader). */
  loadData: (path: string) => Promise<TimeSeriesData>;
  /** One-line notes (model opened, data read). */
  onInfo?: (line: string) => void;
}

/** A backtest-shard handler with its open models, to release at exit. */
export interface BacktestShardHandler {
  /** The job handler. */
  handle: JobHandler;
  /** Releases the open model sessions. */
  release(): Promise<void>;
}

/**
 * Creates the handler of backtest-shard jobs.
 *
 * @param options the dataset's loader and a note callback
 * @returns the handler and its release
 * @example Usage
 * ```ts ignore
 * import { backtestShardHandler } from "@chronos-deno/chronos-deno/chronos2";
 * import { loadSteelData } from "@chronos-deno/chronos-deno/datasets";
 * const shards = backtestShardHandler({ loadData: (p) => loadSteelData(p) });
 * ```
 */
export function backtestShardHandler(options: BacktestShardHandlerOptions): BacktestShardHandler {
  const models = new Map<string, Promise<OpenedChronos2>>();
  const data = new Map<string, Promise<TimeSeriesData>>();
  const worker = `${hostname()}:${Deno.pid}`;
  return {
    async handle(raw) {
      const job = raw as WindowShardJob;
      const task = job.task as unknown as BacktestShardTask;
      if (!Array.isArray(job.origins) || typeof task?.model !== "string") {
        throw new PermanentJobError("Cannot run the backtest shard: its job data is malformed");
      }
      const modelKey = `${task.model}\u0000${task.device}`;
      if (!models.has(modelKey)) {
        models.set(modelKey, openChronos2(task.model, { executionProvider: task.device }));
        options.onInfo?.(`Opening model ${task.model}`);
      }
      if (!data.has(task.data)) data.set(task.data, options.loadData(task.data));
      let opened: OpenedChronos2;
      let series: TimeSeriesData;
      try {
        [opened, series] = await Promise.all([models.get(modelKey)!, data.get(task.data)!]);
      } catch (err) {
        models.delete(modelKey);
        data.delete(task.data);
        throw new PermanentJobError(
          `Cannot open the shard's model or data on ${worker}: ${(err as Error).message}`,
          { cause: err },
        );
      }
      const rows = windowRows(series, task.covariates);
      const window = await chooseWindowKernel(task.device, {
        series: rows.series,
        origins: job.origins,
        contextLength: task.contextLength,
        predictionLength: task.predictionLength,
        futureKnown: rows.futureKnown,
      }, {});
      const forecasts = await forecastWindows({
        rows,
        origins: job.origins,
        contextLength: task.contextLength,
        predictionLength: task.predictionLength,
        batchSize: task.batchSize,
        levels: task.quantileLevels,
        model: opened.pipeline,
        gather: window.gather,
        interpolate: interpolateQuantiles,
      });
      return encodeForecasts(forecasts, worker);
    },
    async release() {
      for (const m of models.values()) await (await m.catch(() => undefined))?.pipeline.release();
      models.clear();
    },
  };
}
