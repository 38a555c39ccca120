/**
 * The evaluation loop, written once against the {@linkcode Forecaster}
 * interface: every forecaster forecasts the same origins, every forecast is
 * scored by one scorer against the same actuals, and each becomes a results
 * entry ([origins][steps] points, [origins][levels][steps] quantiles).
 *
 * @module
 */

import type { ModelResult } from "../results/schema.ts";
import type { Forecaster, ForecastRequest, Forecasts } from "./forecaster.ts";
import type { Scorer } from "../metrics/score.ts";

/** Options of {@linkcode evaluateForecasters}. */
export interface EvaluateForecastersOptions {
  /** The series, origins, lengths and levels; `signal` and `onProgress` go to the first forecaster. */
  request: ForecastRequest;
  /**
   * The forecasters, in results order. The first may be stopped early by the
   * signal; the others then forecast only the origins it did.
   */
  forecasters: readonly Forecaster[];
  /** Builds the scorer once the evaluated origins' actuals are known. */
  scorer: (actual: Float64Array) => Promise<Scorer>;
}

/** What {@linkcode evaluateForecasters} produced. */
export interface ForecasterEvaluation {
  /** The origins evaluated (all, or the first ones when stopped early). */
  origins: number[];
  /** Their actuals, [origins·H]. */
  actual: Float64Array;
  /** One entry per forecaster, in order. */
  models: ModelResult[];
  /** Whether the signal stopped the first forecaster early. */
  interrupted: boolean;
  /** The scorer used. */
  scorer: Scorer;
}

/**
 * Runs and scores each forecaster on the request's origins.
 *
 * @param options request, forecasters and scorer
 * @returns origins, actuals and one results entry per forecaster
 * @throws {RangeError} when a forecaster returns forecasts of the wrong size
 * @example Usage
 * ```ts
 * import { evaluateForecasters, historyForecaster } from "@chronos-deno/chronos-deno/evaluate";
 * import { createScorer } from "@chronos-deno/chronos-deno/metrics";
 * import { equal } from "node:assert/strict";
 * const target = new Float64Array([1, 2, 3, 5]);
 * const last = historyForecaster("last", (h, n) => new Float64Array(n).fill(h[h.length - 1]!));
 * const out = await evaluateForecasters({
 *   request: { data: { target, covariates: [], timestamps: target, frequencyMs: 1 },
 *     origins: [2, 3], contextLength: 0, predictionLength: 1, quantileLevels: [] },
 *   forecasters: [last],
 *   scorer: (actual) => createScorer({ device: "cpu", actual, levels: [] }),
 * });
 * equal(out.models[0]!.metrics.mae, 1.5);
 * ```
 */
export async function evaluateForecasters(
  options: EvaluateForecastersOptions,
): Promise<ForecasterEvaluation> {
  const { request, forecasters } = options;
  const H = request.predictionLength;
  const Q = request.quantileLevels.length;
  let origins = [...request.origins];
  const forecasts: Forecasts[] = [];
  let interrupted = false;
  for (const [i, f] of forecasters.entries()) {
    const out = await f.forecast(
      i === 0 ? request : { ...without(request), origins },
    );
    checkSize(f.name, out, H, Q);
    if (i === 0 && out.done < origins.length) {
      interrupted = true;
      origins = origins.slice(0, out.done);
    }
    forecasts.push(out);
  }
  const target = request.data.target;
  const actual = new Float64Array(origins.length * H);
  origins.forEach((o, i) => actual.set(target.subarray(o, o + H), i * H));
  const scorer = await options.scorer(actual);
  const models: ModelResult[] = [];
  for (const [i, f] of forecasters.entries()) {
    const out = forecasts[i]!;
    const n = origins.length;
    models.push({
      name: f.name,
      kind: f.kind,
      metrics: await scorer.score(
        out.point.subarray(0, n * H),
        out.quantiles?.subarray(0, n * H * Q),
      ),
      timing: { seconds: out.seconds, windowsPerSecond: out.seconds > 0 ? n / out.seconds : NaN },
      point: rowsOf(out.point, n, H),
      ...(out.quantiles ? { quantiles: cubeOf(out.quantiles, n, Q, H) } : {}),
    });
  }
  return { origins, actual, models, interrupted, scorer };
}

function without(request: ForecastRequest): ForecastRequest {
  const { signal: _s, onProgress: _p, ...rest } = request;
  return rest;
}

function checkSize(name: string, out: Forecasts, H: number, Q: number): void {
  const bad = out.point.length < out.done * H ||
    (out.quantiles !== undefined && out.quantiles.length < out.done * H * Q);
  if (bad) {
    throw new RangeError(
      `Cannot score the forecasts of "${name}": expected ${out.done}×${H} points` +
        (out.quantiles ? ` and ${out.done}×${H}×${Q} quantiles` : "") +
        `, got ${out.point.length}` + (out.quantiles ? ` and ${out.quantiles.length}` : ""),
    );
  }
}

/** [n·H] flat → [n][H]. */
function rowsOf(flat: ArrayLike<number>, n: number, H: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: H }, (_, h) => flat[i * H + h]!));
}

/** [n·H, Q] flat → [n][Q][H]. */
function cubeOf(flat: ArrayLike<number>, n: number, Q: number, H: number): number[][][] {
  return Array.from(
    { length: n },
    (_, i) =>
      Array.from(
        { length: Q },
        (_, j) => Array.from({ length: H }, (_, h) => flat[(i * H + h) * Q + j]!),
      ),
  );
}
