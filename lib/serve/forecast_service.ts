/**
 * Answering one forecast request: the model by name, the cache (key: model
 * instance, series, horizon, levels, timestamps), the batcher, the deadline,
 * and the answer in the official shape with timestamps continued.
 *
 * @module
 */

import { DataValidationError } from "../errors.ts";
import type { Batcher } from "./batcher.ts";
import { continueTimestamps, timelineOf } from "./continue_timestamps.ts";
import type { LruCache } from "./lru_cache.ts";
import type { ModelRegistry } from "./model_registry.ts";
import { type FieldProblem, ProblemError } from "./problem.ts";
import type { ForecastRequest } from "./request_schema.ts";

/** One series' forecast in the answer. */
export interface ForecastItem {
  /** Per level (`"0.1"`, …), one value per step. */
  quantiles: Record<string, number[]>;
  /** The point forecast per step. */
  mean: number[];
  /** The forecast steps' times, when the input had timestamps. */
  timestamps?: string[];
}

/** The answer of `POST /v1/forecast`. */
export interface ForecastAnswer {
  /** The model that answered. */
  model: string;
  /** One per input, in input order. */
  forecasts: ForecastItem[];
}

/** What {@linkcode answerForecast} works with. */
export interface ForecastContext {
  /** The models. */
  registry: ModelRegistry;
  /** The batcher. */
  batcher: Batcher;
  /** The answer cache (absent: no caching). */
  cache?: LruCache<ForecastAnswer> | undefined;
  /** Counts cache hits and misses. */
  onCache?: (hit: boolean) => void;
}

async function cacheKey(model: string, generation: number, r: ForecastRequest): Promise<string> {
  const text = JSON.stringify([
    model,
    generation,
    r.series,
    r.timestamps,
    r.predictionLength,
    r.quantileLevels,
  ]);
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}

function timestampsOf(r: ForecastRequest): (string[] | undefined)[] {
  const problems: FieldProblem[] = [];
  const out = r.timestamps.map((ts, i) => {
    if (!ts) return undefined;
    const next = continueTimestamps(ts, r.predictionLength, `/inputs/${i}/timestamps`);
    if (Array.isArray(next)) return next;
    problems.push(next);
    return undefined;
  });
  if (problems.length > 0) {
    throw new ProblemError(
      422,
      "invalid-request",
      "The timestamps cannot be continued: see errors",
      {
        errors: problems.slice(0, 20),
      },
    );
  }
  return out;
}

function deadlineProblem(signal: AbortSignal): unknown {
  const reason = signal.reason;
  if (reason instanceof DOMException && reason.name === "TimeoutError") {
    return new ProblemError(
      503,
      "deadline-exceeded",
      "The forecast did not finish within the request deadline: retry later or send less",
      { headers: { "retry-after": "1" } },
    );
  }
  return reason;
}

/**
 * Answers a checked forecast request.
 *
 * @param ctx models, batcher, cache
 * @param request the checked request
 * @param signal the deadline
 * @returns the answer
 * @throws {ProblemError} 404 unknown model, 422 data the model refuses, 429 queue full, 503 deadline
 * @example Usage
 * ```ts ignore
 * const answer = await answerForecast(ctx, parseForecastRequest(body, limits), signal);
 * ```
 */
export async function answerForecast(
  ctx: ForecastContext,
  request: ForecastRequest,
  signal: AbortSignal,
): Promise<ForecastAnswer> {
  const name = request.model ?? ctx.registry.names[0]!;
  const entry = ctx.registry.get(name);
  const times = timestampsOf(request);
  // Models that read the calendar (the GBDT) get each series' times; Chronos-2 ignores them.
  const series = request.series.map((s, i) =>
    times[i] ? { ...s, timeline: timelineOf(request.timestamps[i]!, times[i]!) } : s
  );
  const options = {
    predictionLength: request.predictionLength,
    quantileLevels: request.quantileLevels,
  };
  try {
    entry.model.check(series, options);
  } catch (err) {
    if (!(err instanceof DataValidationError || err instanceof RangeError)) throw err;
    const detail = err.message.length > 2000 ? `${err.message.slice(0, 2000)}…` : err.message;
    throw new ProblemError(422, "invalid-data", detail, {
      errors: err instanceof DataValidationError
        ? err.problems.slice(0, 20).map((p) => ({ pointer: "/inputs", detail: p.message }))
        : [],
    });
  }
  const key = ctx.cache ? await cacheKey(name, entry.generation, request) : "";
  const hit = ctx.cache?.get(key);
  if (ctx.cache) ctx.onCache?.(hit !== undefined);
  if (hit) return hit;
  let raw;
  try {
    raw = await ctx.batcher.submit(entry.model, series, options, signal);
  } catch (err) {
    throw signal.aborted && err === signal.reason ? deadlineProblem(signal) : err;
  }
  const answer: ForecastAnswer = {
    model: name,
    forecasts: raw.map((f, i) => {
      const item: ForecastItem = {
        quantiles: Object.fromEntries(
          request.quantileLevels.map((l, j) => [String(l), f.quantiles[j]!]),
        ),
        mean: f.mean,
      };
      if (times[i]) item.timestamps = times[i];
      return item;
    }),
  };
  ctx.cache?.set(key, answer);
  return answer;
}
