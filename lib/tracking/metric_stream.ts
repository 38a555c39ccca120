/**
 * Metrics logged as they happen (a training curve), stamped with the time
 * they were produced and sent in batches in the background, so that the
 * curve shows on the server while training runs and logging costs the
 * training loop only an array push per value.
 *
 * @module
 */

import type { MetricPoint } from "./types.ts";
import { validateKey, validateMetric } from "./validation.ts";

/** The part of a run a {@linkcode MetricStream} writes to. */
export interface MetricSink {
  /** Appends points to the run's metric histories. */
  logMetricPoints(points: readonly MetricPoint[]): Promise<void>;
}

/** Options of {@linkcode MetricStream}. */
export interface MetricStreamOptions {
  /** Send at most this often while points arrive, in ms. @default 1000 */
  intervalMs?: number;
  /** Send at once when this many points wait. @default 1000 */
  maxPending?: number;
  /** Clock in epoch ms. @default Date.now */
  now?: () => number;
}

/**
 * Buffers metric points and sends them in the background, one batch at a
 * time; {@linkcode MetricStream.flush} waits until everything added so far is
 * sent. A failed send is reported by the next `flush` (the run itself falls
 * back to the local store when its server fails, so this is rare).
 *
 * @example Usage
 * ```ts
 * import { MetricStream } from "@chronos-deno/chronos-deno/tracking";
 * import { equal } from "node:assert/strict";
 * const sent: unknown[] = [];
 * const stream = new MetricStream({ logMetricPoints: async (p) => void sent.push(...p) });
 * stream.add({ loss: 0.5, learning_rate: 1e-5 }, 1);
 * stream.add({ loss: 0.4 }, 2);
 * await stream.flush();
 * equal(sent.length, 3);
 * ```
 */
export class MetricStream {
  #sink: MetricSink;
  #intervalMs: number;
  #maxPending: number;
  #now: () => number;
  #pending: MetricPoint[] = [];
  #inFlight: Promise<void> | undefined;
  #lastSend = 0;
  #error: unknown;
  #sent = 0;

  /**
   * Creates a stream into a run.
   *
   * @param sink the run (anything with `logMetricPoints`)
   * @param options send interval, batch size and clock
   */
  constructor(sink: MetricSink, options: MetricStreamOptions = {}) {
    this.#sink = sink;
    this.#intervalMs = options.intervalMs ?? 1000;
    this.#maxPending = options.maxPending ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  /** Points sent so far. */
  get sent(): number {
    return this.#sent;
  }

  /**
   * Adds values of one step, stamped now (or at `timestamp`); a batch is
   * sent in the background when the interval has passed.
   *
   * @param metrics values (NaN and ±Infinity allowed)
   * @param step the step
   * @param timestamp epoch ms @default now
   * @throws {RangeError} on an invalid key, step or timestamp
   */
  add(metrics: Record<string, number>, step: number, timestamp: number = this.#now()): void {
    for (const [key, value] of Object.entries(metrics)) {
      validateKey("metric", key);
      validateMetric(key, value, step, timestamp);
      this.#pending.push({ key, value, timestamp, step });
    }
    const due = this.#now() - this.#lastSend >= this.#intervalMs ||
      this.#pending.length >= this.#maxPending;
    if (due && this.#inFlight === undefined) this.#inFlight = this.#send();
  }

  async #send(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        const batch = this.#pending;
        this.#pending = [];
        this.#lastSend = this.#now();
        try {
          await this.#sink.logMetricPoints(batch);
          this.#sent += batch.length;
        } catch (err) {
          this.#error ??= err;
        }
        if (this.#pending.length < this.#maxPending) break;
      }
    } finally {
      this.#inFlight = undefined;
    }
  }

  /**
   * Sends everything added so far and waits for it.
   *
   * @throws the first error a background send met
   */
  async flush(): Promise<void> {
    while (this.#inFlight !== undefined || this.#pending.length > 0) {
      await (this.#inFlight ??= this.#send());
    }
    if (this.#error !== undefined) {
      const err = this.#error;
      this.#error = undefined;
      throw err;
    }
  }
}
