/**
 * Forecast origins of a rolling-origin evaluation: which rows of a split get
 * a forecast, with a stride and an optional cap that spreads the origins
 * evenly over the split instead of bunching them at its start. The origins
 * are `rollingOrigins` (so that every task scores the same
 * windows); this adds the checks that turn a bad setup into a clear message.
 *
 * @module
 */

import { checkWhole, rollingOrigins } from "./rolling_origins.ts";

/** Row range of a split: `start` inclusive, `end` exclusive (same shape as lib/data's SplitRange). */
export interface OriginSplit {
  /** First row of the split. */
  readonly start: number;
  /** One past the last row of the split. */
  readonly end: number;
}

/** Options of {@linkcode evaluationOrigins}. */
export interface EvaluationOriginOptions {
  /** Steps forecast from each origin, H: an origin `o` needs rows `o..o+H-1` inside the split. */
  predictionLength: number;
  /** Context length: rows of history that the first origin must have before it. @default 0 */
  contextLength?: number;
  /** Step between candidate origins. @default 1 */
  stride?: number;
  /** How many origins to keep, spread evenly over the candidates; 0 keeps every one. @default 0 */
  maxPredictions?: number;
  /** Name of the split, used in error messages. @default "evaluation" */
  label?: string;
}

/**
 * Lists the origins (row index of the first forecast step) of a rolling
 * evaluation over `split`: every `stride`-th row `o` from `split.start` with
 * `o + predictionLength <= split.end`. With `maxPredictions > 0` and more candidates
 * than that, keeps `maxPredictions` of them at evenly spaced positions that
 * include the first and the last candidate (one origin: the middle one).
 *
 * @param split the rows to forecast
 * @param options prediction length, context length, stride and cap
 * @returns origins in increasing order
 * @throws {RangeError} when the prediction length goes beyond the end of the split, when
 *   the history before the split is shorter than the context length, or when
 *   an option is not a valid whole number
 * @example Usage
 * ```ts
 * import { evaluationOrigins } from "@chronos-deno/chronos-deno/evaluate";
 * import { deepEqual } from "node:assert/strict";
 * const split = { start: 100, end: 110 };
 * deepEqual(evaluationOrigins(split, { predictionLength: 2, maxPredictions: 3 }), [100, 104, 108]);
 * ```
 */
export function evaluationOrigins(split: OriginSplit, options: EvaluationOriginOptions): number[] {
  const { predictionLength, contextLength = 0, stride = 1, maxPredictions = 0 } = options;
  const label = options.label ?? "evaluation";
  checkWhole("prediction length", predictionLength, 1);
  checkWhole("context length", contextLength, 0);
  checkWhole("split start", split.start, 0);
  checkWhole("split end", split.end, split.start);
  const rows = split.end - split.start;
  if (predictionLength > rows) {
    throw new RangeError(
      `Cannot evaluate the ${label} split: the prediction length ${predictionLength} goes beyond its end ` +
        `(the split has ${rows} rows, ${split.start}..${
          split.end - 1
        }): use a prediction length of ` +
        `at most ${rows}`,
    );
  }
  if (contextLength > split.start) {
    throw new RangeError(
      `Cannot evaluate the ${label} split: the data is too short for the context length ` +
        `${contextLength}: only ${split.start} rows come before the split's first row: use a ` +
        `context length of at most ${split.start} or a longer series`,
    );
  }
  return rollingOrigins(split, predictionLength, { stride, maxPredictions });
}
