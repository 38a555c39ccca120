/**
 * The job queue: BullMQ on Redis, behind the few calls the project needs. This
 * file is the only importer of `bullmq` (layering lint): a coordinator adds
 * jobs with ids it chooses (adding the same id twice is a no-op) and polls
 * their states; a worker takes jobs of the kinds it has handlers for.
 *
 * Failure model (BullMQ's): a job whose worker dies (SIGKILL, lost machine)
 * keeps its lock until `lockDurationMs` passes, then the stalled-job check puts
 * it back in the queue for another worker; a handler that throws is retried
 * up to `attempts` times with exponential back-off; a handler that throws
 * {@linkcode PermanentJobError} (bad input) fails the job at once. Redis
 * restarts are ridden out by the client's reconnects (commands wait offline).
 *
 * @module
 */

import { Job, Queue, UnrecoverableError, Worker } from "bullmq";
import type { RedisSettings } from "./redis_url.ts";

/** A job failure that retrying cannot fix (bad input): the job fails at once. */
export class PermanentJobError extends Error {
  /**
   * Creates the error.
   *
   * @param message what is wrong and what to do
   * @param options the cause
   * @example Usage
   * ```ts
   * import { PermanentJobError } from "@chronos-deno/chronos-deno/distributed";
   * import assert from "node:assert/strict";
   * assert.equal(new PermanentJobError("Bad shard: fix the job").name, "PermanentJobError");
   * ```
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}

/** Where a job stands. */
export interface JobStatus {
  /** `waiting`, `active`, `delayed`, `completed`, `failed`, or `missing` when Redis has no such job. */
  state: "waiting" | "active" | "delayed" | "completed" | "failed" | "missing" | "other";
  /** The handler's result, once completed. */
  result?: unknown;
  /** Why it failed (the last attempt's error message), once failed. */
  failedReason?: string;
  /** Attempts made so far. */
  attemptsMade: number;
}

/** Options of {@linkcode JobQueue.add}. */
export interface AddJobOptions {
  /** The job id: adding an id that exists is a no-op. */
  jobId: string;
  /** Attempts before the job fails for good. @default {3} */
  attempts?: number;
  /** First retry delay in ms (doubles each retry). @default {500} */
  backoffMs?: number;
}

/** A coordinator's handle on a queue. */
export interface JobQueue {
  /** The queue name. */
  readonly name: string;
  /** Adds a job of `kind` with JSON-serialisable `data`. */
  add(kind: string, data: unknown, options: AddJobOptions): Promise<void>;
  /** The status of each job id. */
  status(jobIds: readonly string[]): Promise<JobStatus[]>;
  /** Removes the jobs not yet taken by a worker; returns how many were removed. */
  cancel(jobIds: readonly string[]): Promise<number>;
  /** Removes finished jobs (their results have been read). */
  forget(jobIds: readonly string[]): Promise<void>;
  /** Closes the connection. */
  close(): Promise<void>;
}

/** What a handler gets besides the job data. */
export interface JobContext {
  /** The job id. */
  jobId: string;
  /** Attempt number, 1 for the first. */
  attempt: number;
  /** The job kind. */
  kind: string;
}

/** Runs one kind of job; resolves with a JSON-serialisable result. */
export type JobHandler = (data: unknown, context: JobContext) => Promise<unknown>;

/** Options of {@linkcode startWorker}. */
export interface WorkerOptions {
  /** Jobs run at once by this process. @default {1} */
  concurrency?: number;
  /** How long a job's lock lives without renewal; a dead worker's job is retried after it. @default {30000} */
  lockDurationMs?: number;
  /** Called after each job, with its outcome. */
  onJob?: (
    event: { kind: string; jobId: string; ok: boolean; seconds: number; error?: string },
  ) => void;
}

/** A running worker. */
export interface RunningWorker {
  /** Stops taking jobs, waits for the ones in flight, closes the connection. */
  close(): Promise<void>;
}

/** ioredis options: commands wait for a reconnect instead of failing (BullMQ needs this for workers). */
function connectionOf(settings: RedisSettings): Record<string, unknown> {
  return {
    host: settings.host,
    port: settings.port,
    db: settings.db,
    ...(settings.username ? { username: settings.username } : {}),
    ...(settings.password ? { password: settings.password } : {}),
    ...(settings.tls ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
  };
}

/**
 * Opens a queue for adding jobs and reading their states.
 *
 * @param settings the Redis connection (see `parseRedisUrl`)
 * @param name the queue name
 * @returns the queue handle
 * @example Usage
 * ```ts ignore
 * import { openQueue, parseRedisUrl } from "@chronos-deno/chronos-deno/distributed";
 * const queue = openQueue(parseRedisUrl("redis://127.0.0.1:6379"), "chronos");
 * await queue.add("baselines", { predictionLength: 1 }, { jobId: "run1-0" });
 * console.log(await queue.status(["run1-0"]));
 * await queue.close();
 * ```
 */
export function openQueue(settings: RedisSettings, name: string): JobQueue {
  const queue = new Queue(name, { connection: connectionOf(settings) as never });
  // Connection errors are retried by the client; the coordinator's deadline reports a Redis that stays down.
  queue.on("error", () => {});
  return {
    name,
    async add(kind, data, options) {
      await queue.add(kind, data as never, {
        jobId: options.jobId,
        attempts: options.attempts ?? 3,
        backoff: { type: "exponential", delay: options.backoffMs ?? 500 },
        removeOnComplete: false,
        removeOnFail: false,
      });
    },
    async status(jobIds) {
      return await Promise.all(jobIds.map(async (id): Promise<JobStatus> => {
        // State first, then the job: a job read before its state could be "completed"
        // without the return value it got an instant later.
        const state = await queue.getJobState(id);
        const job = await Job.fromId(queue as never, id);
        if (!job || state === "unknown") return { state: "missing", attemptsMade: 0 };
        const known = ["waiting", "active", "delayed", "completed", "failed"] as const;
        const s = (known as readonly string[]).includes(state)
          ? state as JobStatus["state"]
          : state === "prioritized" || state === "waiting-children"
          ? "waiting"
          : "other";
        return {
          state: s,
          attemptsMade: job.attemptsMade,
          ...(s === "completed" ? { result: job.returnvalue } : {}),
          ...(s === "failed" ? { failedReason: job.failedReason } : {}),
        };
      }));
    },
    async cancel(jobIds) {
      let removed = 0;
      for (const id of jobIds) {
        const job = await Job.fromId(queue as never, id);
        if (!job) continue;
        const state = await job.getState();
        if (state === "active" || state === "completed" || state === "failed") continue;
        try {
          await job.remove();
          removed++;
        } catch {
          // Taken by a worker meanwhile: it runs to its end, its result is ignored.
        }
      }
      return removed;
    },
    async forget(jobIds) {
      for (const id of jobIds) {
        const job = await Job.fromId(queue as never, id);
        await job?.remove().catch(() => {});
      }
    },
    async close() {
      await queue.close();
    },
  };
}

/**
 * Starts a worker that runs the jobs of the given kinds.
 *
 * @param settings the Redis connection
 * @param name the queue name
 * @param handlers one handler per job kind
 * @param options concurrency, lock duration, per-job callback
 * @returns the running worker
 * @example Usage
 * ```ts ignore
 * import { parseRedisUrl, startWorker } from "@chronos-deno/chronos-deno/distributed";
 * const worker = startWorker(parseRedisUrl("redis://127.0.0.1:6379"), "chronos", {
 *   echo: (data) => Promise.resolve(data),
 * });
 * await worker.close();
 * ```
 */
export function startWorker(
  settings: RedisSettings,
  name: string,
  handlers: Record<string, JobHandler>,
  options: WorkerOptions = {},
): RunningWorker {
  const lockDuration = options.lockDurationMs ?? 30_000;
  const worker = new Worker(
    name,
    async (job: Job) => {
      const handler = handlers[job.name];
      if (!handler) {
        throw new UnrecoverableError(
          `Cannot run a job of kind "${job.name}": this worker knows ${
            Object.keys(handlers).map((k) => `"${k}"`).join(", ")
          }`,
        );
      }
      const t0 = performance.now();
      try {
        const result = await handler(job.data, {
          jobId: job.id ?? "",
          attempt: job.attemptsMade + 1,
          kind: job.name,
        });
        options.onJob?.({
          kind: job.name,
          jobId: job.id ?? "",
          ok: true,
          seconds: (performance.now() - t0) / 1000,
        });
        return result;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        options.onJob?.({
          kind: job.name,
          jobId: job.id ?? "",
          ok: false,
          seconds: (performance.now() - t0) / 1000,
          error: message,
        });
        if (err instanceof PermanentJobError) throw new UnrecoverableError(message);
        throw err;
      }
    },
    {
      connection: connectionOf(settings) as never,
      concurrency: options.concurrency ?? 1,
      lockDuration,
      stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
      maxStalledCount: 2,
    },
  );
  worker.on("error", () => {});
  return {
    async close() {
      await worker.close();
    },
  };
}
