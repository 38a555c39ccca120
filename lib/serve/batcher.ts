/**
 * Request batching: concurrent forecast requests for the same model, horizon,
 * levels and covariate names are gathered into one model call (up to a row limit, or a few
 * milliseconds of waiting when the model is idle) and the answers split back.
 * The wait is skipped when no other request is on its way (a lone client
 * pays nothing). One model call runs at a time; while it runs, new requests queue and the
 * next call takes them at once, oldest first, so a request waits at most for
 * the call in progress and its own. A full queue refuses at once (429)
 * instead of growing; a request whose signal aborts (deadline, client gone)
 * leaves the queue. When a gathered call fails, each request is retried
 * alone, so one bad request cannot fail another.
 *
 * @module
 */

import type { BatchLimits } from "./limits.ts";
import { ProblemError } from "./problem.ts";
import {
  seriesRows,
  type ServedModel,
  type ServeForecast,
  type ServeForecastOptions,
  type ServeSeries,
} from "./served_model.ts";

interface Job {
  model: ServedModel;
  series: readonly ServeSeries[];
  options: ServeForecastOptions;
  key: string;
  rows: number;
  resolve(f: ServeForecast[]): void;
  reject(e: unknown): void;
  settled: boolean;
}

/** What one model call carried, for metrics. */
export interface BatchRecord {
  /** Requests gathered. */
  requests: number;
  /** Series in the call. */
  series: number;
  /** Rows (targets + covariates). */
  rows: number;
  /** Seconds the model took. */
  seconds: number;
}

/** Options of {@linkcode Batcher}: the batch limits plus a hook per model call. */
export interface BatcherOptions extends BatchLimits {
  /** Called after each model call. */
  onBatch?: (record: BatchRecord) => void;
  /**
   * Whether more requests are on their way (being read or checked): when not,
   * an idle model starts at once instead of waiting `maxWaitMs` for company.
   * @default always true
   */
  expectCompany?: () => boolean;
}

const modelIds = new WeakMap<ServedModel, number>();
let nextModelId = 0;

/** Which covariates the series carry: a model call takes one set only (as the official pipeline). */
function covariateSignature(series: readonly ServeSeries[]): string {
  const names = (r?: Readonly<Record<string, unknown>>) => Object.keys(r ?? {}).sort().join(",");
  const sigs = new Set(
    series.map((s) => `${names(s.pastCovariates)}/${names(s.futureCovariates)}`),
  );
  return JSON.stringify([...sigs]);
}

function groupKey(
  model: ServedModel,
  series: readonly ServeSeries[],
  o: ServeForecastOptions,
): string {
  let id = modelIds.get(model);
  if (id === undefined) modelIds.set(model, id = nextModelId++);
  return `${id}|${o.predictionLength}|${o.quantileLevels.join(",")}|${covariateSignature(series)}`;
}

/** Gathers concurrent requests into model calls (see the module notes). */
export class Batcher {
  #o: BatcherOptions;
  #queue: Job[] = [];
  #running: Job[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #idle: (() => void)[] = [];

  /**
   * Creates an idle batcher.
   *
   * @param options row limit, wait, queue bound, on/off and the per-call hook
   * @example Usage
   * ```ts
   * import { Batcher, DEFAULT_LIMITS } from "@chronos-deno/chronos-deno/serve";
   * const b = new Batcher(DEFAULT_LIMITS.batch);
   * if (b.queued !== 0) throw new Error();
   * ```
   */
  constructor(options: BatcherOptions) {
    this.#o = options;
  }

  /** Requests waiting for the model. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Requests in the model call under way. */
  get running(): number {
    return this.#running.length;
  }

  /**
   * Requests waiting or running on a model instance.
   *
   * @param model the instance
   * @returns the count
   */
  pending(model: ServedModel): number {
    return [...this.#queue, ...this.#running].filter((j) => j.model === model).length;
  }

  /**
   * Queues one request's series and resolves with their forecasts.
   *
   * @param model the model instance
   * @param series the request's series
   * @param options horizon and levels
   * @param signal aborts the wait (deadline, client gone)
   * @returns one forecast per series
   * @throws {ProblemError} 429 with Retry-After when the queue is full
   */
  submit(
    model: ServedModel,
    series: readonly ServeSeries[],
    options: ServeForecastOptions,
    signal?: AbortSignal,
  ): Promise<ServeForecast[]> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#queue.length >= this.#o.maxQueue) {
      const retry = Math.max(1, Math.ceil(this.#queue.length * 0.01));
      return Promise.reject(
        new ProblemError(
          429,
          "queue-full",
          `The forecast queue is full (${this.#o.maxQueue} requests waiting): retry in ${retry} s`,
          { headers: { "retry-after": String(retry) } },
        ),
      );
    }
    return new Promise<ServeForecast[]>((resolve, reject) => {
      const job: Job = {
        model,
        series,
        options,
        key: groupKey(model, series, options),
        rows: series.reduce((a, s) => a + seriesRows(s), 0),
        resolve: (f) => {
          if (job.settled) return;
          job.settled = true;
          signal?.removeEventListener("abort", onAbort);
          resolve(f);
        },
        reject: (e) => {
          if (job.settled) return;
          job.settled = true;
          signal?.removeEventListener("abort", onAbort);
          reject(e);
        },
        settled: false,
      };
      const onAbort = () => {
        const i = this.#queue.indexOf(job);
        if (i >= 0) this.#queue.splice(i, 1);
        job.reject(signal!.reason);
        this.#checkIdle();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#queue.push(job);
      this.#schedule();
    });
  }

  /**
   * Resolves once nothing waits or runs (for draining on shutdown).
   *
   * @returns when idle
   */
  drain(): Promise<void> {
    if (this.#queue.length === 0 && this.#running.length === 0) return Promise.resolve();
    return new Promise((r) => this.#idle.push(r));
  }

  #checkIdle(): void {
    if (this.#queue.length > 0 || this.#running.length > 0) return;
    for (const r of this.#idle.splice(0)) r();
  }

  #schedule(): void {
    if (this.#running.length > 0 || this.#queue.length === 0) return;
    const first = this.#queue[0]!;
    const rows = this.#queue.filter((j) => j.key === first.key).reduce((a, j) => a + j.rows, 0);
    const alone = this.#o.expectCompany ? !this.#o.expectCompany() : false;
    if (!this.#o.enabled || this.#o.maxWaitMs === 0 || rows >= this.#o.maxRows || alone) {
      this.#pump();
    } else {
      this.#timer ??= setTimeout(() => this.#pump(), this.#o.maxWaitMs);
    }
  }

  #take(): Job[] {
    const first = this.#queue[0]!;
    const taken = [first];
    let rows = first.rows;
    if (this.#o.enabled) {
      for (const j of this.#queue.slice(1)) {
        if (j.key !== first.key || rows + j.rows > this.#o.maxRows) continue;
        taken.push(j);
        rows += j.rows;
      }
    }
    this.#queue = this.#queue.filter((j) => !taken.includes(j));
    return taken;
  }

  #pump(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#running.length > 0 || this.#queue.length === 0) return;
    this.#running = this.#take();
    this.#run(this.#running).finally(() => {
      this.#running = [];
      if (this.#queue.length > 0) this.#pump();
      else this.#checkIdle();
    });
  }

  async #call(jobs: Job[]): Promise<void> {
    const { model, options } = jobs[0]!;
    const series = jobs.flatMap((j) => j.series);
    const t0 = performance.now();
    const out = await model.forecast(series, options);
    this.#o.onBatch?.({
      requests: jobs.length,
      series: series.length,
      rows: jobs.reduce((a, j) => a + j.rows, 0),
      seconds: (performance.now() - t0) / 1000,
    });
    let k = 0;
    for (const j of jobs) {
      j.resolve(out.slice(k, k + j.series.length));
      k += j.series.length;
    }
  }

  async #run(jobs: Job[]): Promise<void> {
    const live = jobs.filter((j) => !j.settled);
    if (live.length === 0) return;
    try {
      await this.#call(live);
    } catch (err) {
      if (live.length === 1) {
        live[0]!.reject(err);
        return;
      }
      for (const j of live) {
        if (j.settled) continue;
        try {
          await this.#call([j]);
        } catch (e) {
          j.reject(e);
        }
      }
    }
  }
}
