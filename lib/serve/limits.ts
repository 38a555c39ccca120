/**
 * The service's limits and timings, each default written once: what a
 * request may ask for, how requests are gathered into model calls, how long
 * answers are kept and how long a request may take.
 *
 * @module
 */

/** What one forecast request may ask for. */
export interface RequestLimits {
  /** Largest request body in bytes. @default 8 MiB */
  maxBodyBytes: number;
  /** Most series (inputs) in one request. @default 64 */
  maxSeries: number;
  /** Longest series (target, each covariate, timestamps). @default 8192 */
  maxSeriesLength: number;
  /** Longest horizon. @default 1024 */
  maxPredictionLength: number;
  /** Most covariates per series. @default 32 */
  maxCovariates: number;
  /** Most quantile levels. @default 21 */
  maxQuantileLevels: number;
}

/** How concurrent requests are gathered into one model call. */
export interface BatchLimits {
  /** Gather concurrent requests; false sends each request alone. @default true */
  enabled: boolean;
  /** Most rows (targets + covariates) in one model call. @default 256 */
  maxRows: number;
  /** Longest wait for company when the model is idle, in ms. @default 2 */
  maxWaitMs: number;
  /** Most requests waiting for the model; beyond, 429. @default 256 */
  maxQueue: number;
}

/** The prediction cache. */
export interface CacheLimits {
  /** Most answers kept (0 turns the cache off). @default 1024 */
  maxEntries: number;
  /** How long an answer is reused, in ms. @default 60 s */
  ttlMs: number;
  /** Most bytes of answers kept (8 per number). @default 64 MiB */
  maxBytes: number;
}

/** Every limit of the service. */
export interface ServeLimits {
  /** Per request. */
  request: RequestLimits;
  /** Batching. */
  batch: BatchLimits;
  /** Caching. */
  cache: CacheLimits;
  /** Longest time from arrival to answer, in ms; beyond, 503. @default 30 s */
  deadlineMs: number;
}

/** The defaults. */
export const DEFAULT_LIMITS: ServeLimits = {
  request: {
    maxBodyBytes: 8 * 1024 * 1024,
    maxSeries: 64,
    maxSeriesLength: 8192,
    maxPredictionLength: 1024,
    maxCovariates: 32,
    maxQuantileLevels: 21,
  },
  batch: { enabled: true, maxRows: 256, maxWaitMs: 2, maxQueue: 256 },
  cache: { maxEntries: 1024, ttlMs: 60_000, maxBytes: 64 * 1024 * 1024 },
  deadlineMs: 30_000,
};

/** Limits given in part. */
export interface PartialLimits {
  /** Per request. */
  request?: Partial<RequestLimits>;
  /** Batching. */
  batch?: Partial<BatchLimits>;
  /** Caching. */
  cache?: Partial<CacheLimits>;
  /** Deadline in ms. */
  deadlineMs?: number;
}

function positive(name: string, v: number, allowZero = false): void {
  if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new RangeError(
      `Limit "${name}" must be a ${allowZero ? "non-negative" : "positive"} number: got ${v}`,
    );
  }
}

/**
 * Fills the defaults in and checks every limit.
 *
 * @param partial the limits given
 * @returns the complete limits
 * @throws {RangeError} naming the first limit that is not a positive number
 * @example Usage
 * ```ts
 * import { resolveLimits } from "@chronos-deno/chronos-deno/serve";
 * const limits = resolveLimits({ batch: { enabled: false } });
 * if (limits.batch.enabled || limits.request.maxSeries !== 64) throw new Error();
 * ```
 */
export function resolveLimits(partial: PartialLimits = {}): ServeLimits {
  const out: ServeLimits = {
    request: { ...DEFAULT_LIMITS.request, ...partial.request },
    batch: { ...DEFAULT_LIMITS.batch, ...partial.batch },
    cache: { ...DEFAULT_LIMITS.cache, ...partial.cache },
    deadlineMs: partial.deadlineMs ?? DEFAULT_LIMITS.deadlineMs,
  };
  for (const [k, v] of Object.entries(out.request)) positive(k, v);
  positive("maxRows", out.batch.maxRows);
  positive("maxWaitMs", out.batch.maxWaitMs, true);
  positive("maxQueue", out.batch.maxQueue);
  positive("maxEntries", out.cache.maxEntries, true);
  positive("ttlMs", out.cache.ttlMs, true);
  positive("maxBytes", out.cache.maxBytes, true);
  positive("deadlineMs", out.deadlineMs);
  return out;
}
