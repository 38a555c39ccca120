/**
 * The coordinator's side of a distributed run: add one job per shard, wait
 * for all of them with progress, and hand back their results in shard order.
 * A shard that fails for good stops the run with the shard and the reason; a
 * cancelled run (Ctrl-C) removes the jobs no worker has taken yet.
 *
 * @module
 */

import type { JobQueue } from "./queue.ts";

/** A shard job that failed for good. */
export class ShardFailedError extends Error {
  /** The shard index. */
  readonly shard: number;
  /**
   * Creates the error.
   *
   * @param shard the shard index
   * @param message what failed
   * @example Usage
   * ```ts
   * import { ShardFailedError } from "@chronos-deno/chronos-deno/distributed";
   * import assert from "node:assert/strict";
   * assert.equal(new ShardFailedError(3, "Shard 3 failed: worker lost").shard, 3);
   * ```
   */
  constructor(shard: number, message: string) {
    super(message);
    this.name = "ShardFailedError";
    this.shard = shard;
  }
}

/** Options of {@linkcode runJobs}. */
export interface RunJobsOptions {
  /** The queue. */
  queue: JobQueue;
  /** The job kind (the worker's handler name). */
  kind: string;
  /** A run id unique to this run: job ids are `<runId>-<shard>`. */
  runId: string;
  /** One data object per shard. */
  shards: readonly unknown[];
  /** Attempts per shard. @default {3} */
  attempts?: number;
  /** Poll interval in ms. @default {200} */
  pollMs?: number;
  /** Gives up (and cancels what is left) after this long without any shard finishing. @default {600000} */
  stallTimeoutMs?: number;
  /** Cancels the remaining shards. */
  signal?: AbortSignal;
  /**
   * On abort: `"throw"` an AbortError, or return the results so far, with
   * `undefined` for the shards that did not finish (`"partial"`).
   * @default "throw"
   */
  onAbort?: "throw" | "partial";
  /** Shards done / total (and which), after each poll. */
  onProgress?: (done: number, total: number, finished: ReadonlySet<number>) => void;
  /** Remove the finished jobs from Redis once read. @default {true} */
  forget?: boolean;
}

/**
 * Runs one job per shard and waits for them all.
 *
 * @param options queue, kind, run id, shard data, signal, progress
 * @returns each shard's result, in shard order (with `onAbort: "partial"`, `undefined` for
 *   the shards not finished when the signal fired)
 * @throws {ShardFailedError} when a shard fails for good (its index and reason in the message)
 * @throws {DOMException} named "AbortError" when the signal fires (the jobs not started are removed)
 * @example Usage
 * ```ts ignore
 * import { openQueue, parseRedisUrl, runJobs } from "@chronos-deno/chronos-deno/distributed";
 * const queue = openQueue(parseRedisUrl(Deno.env.get("REDIS_URL")!), "chronos");
 * const results = await runJobs({ queue, kind: "baselines", runId: crypto.randomUUID(), shards: [{}, {}] });
 * ```
 */
export async function runJobs(options: RunJobsOptions): Promise<unknown[]> {
  const { queue, kind, runId, shards } = options;
  const ids = shards.map((_, i) => `${runId}-${i}`);
  for (let i = 0; i < shards.length; i++) {
    await queue.add(kind, shards[i], {
      jobId: ids[i]!,
      ...(options.attempts ? { attempts: options.attempts } : {}),
    });
  }
  const results: unknown[] = new Array(shards.length);
  const done = new Set<number>();
  const pollMs = options.pollMs ?? 200;
  const stallMs = options.stallTimeoutMs ?? 600_000;
  let lastChange = performance.now();
  options.onProgress?.(0, shards.length, done);
  try {
    while (done.size < shards.length) {
      if (options.signal?.aborted) {
        const removed = await queue.cancel(ids);
        if (options.onAbort === "partial") return results;
        throw new DOMException(
          `Cancelled: ${removed} shard job(s) removed before a worker took them`,
          "AbortError",
        );
      }
      const pending = ids.map((id, i) => [id, i] as const).filter(([, i]) => !done.has(i));
      const states = await queue.status(pending.map(([id]) => id));
      for (let k = 0; k < pending.length; k++) {
        const [, i] = pending[k]!;
        const s = states[k]!;
        if (s.state === "completed") {
          results[i] = s.result;
          done.add(i);
          lastChange = performance.now();
        } else if (s.state === "failed") {
          await queue.cancel(ids);
          throw new ShardFailedError(
            i,
            `Shard ${i + 1} of ${shards.length} failed after ${s.attemptsMade} attempt(s): ${
              cut(s.failedReason ?? "no reason given")
            }`,
          );
        } else if (s.state === "missing") {
          throw new ShardFailedError(
            i,
            `Shard ${i + 1} of ${shards.length} is gone from the queue (removed by someone else?)`,
          );
        }
      }
      options.onProgress?.(done.size, shards.length, done);
      if (done.size < shards.length) {
        if (performance.now() - lastChange > stallMs) {
          await queue.cancel(ids);
          throw new ShardFailedError(
            [...ids.keys()].find((i) => !done.has(i)) ?? 0,
            `No shard finished for ${
              Math.round(stallMs / 1000)
            } s: are workers running on queue "${queue.name}"? Start one with deno task worker`,
          );
        }
        await sleep(pollMs, options.signal);
      }
    }
  } finally {
    if (options.forget ?? true) {
      await queue.forget(ids.filter((_, i) => done.has(i))).catch(() => {});
    }
  }
  return results;
}

function cut(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} characters)` : text;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
