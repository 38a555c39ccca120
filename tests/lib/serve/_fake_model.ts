/**
 * A model for service tests whose answers are known by hand: the mean is the
 * last target value plus the step number, level q adds (q - 0.5) · 10. It
 * records every call and can be slowed down or made to fail.
 *
 * @module
 */

import type { ServedModel, ServeSeries } from "../../../lib/serve/mod.ts";

/** A fake model and what it saw. */
export interface FakeModel extends ServedModel {
  /** Series count of each forecast call. */
  calls: number[];
  /** Whether release() was called. */
  released: boolean;
}

/** Options of {@linkcode fakeModel}. */
export interface FakeOptions {
  /** Milliseconds each call takes. @default 0 */
  delayMs?: number;
  /** A number added to every value (tells instances apart). @default 0 */
  offset?: number;
  /** Calls holding a series whose first value is this fail. */
  poison?: number;
}

/**
 * The expected mean of a series (the hand-computed oracle).
 *
 * @param target the history
 * @param h the horizon
 * @param offset the instance's offset
 * @returns the mean per step
 */
export function expectedMean(target: readonly (number | null)[], h: number, offset = 0): number[] {
  const last = target.filter((v) => v !== null).at(-1) as number;
  return Array.from({ length: h }, (_, t) => last + t + 1 + offset);
}

/**
 * Creates a fake model.
 *
 * @param name its name
 * @param options delay, offset, poison
 * @returns the model
 */
export function fakeModel(name: string, options: FakeOptions = {}): FakeModel {
  const m: FakeModel = {
    name,
    folder: `/models/${name}`,
    summary: { family: "fake" },
    calls: [],
    released: false,
    check(series: readonly ServeSeries[]) {
      if (series.some((s) => s.target.length === 0)) throw new RangeError("Empty target");
    },
    async forecast(series, o) {
      m.calls.push(series.length);
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      if (series.some((s) => s.target[0] === options.poison)) {
        throw new Error("poisoned series at /secret/path");
      }
      return series.map((s) => {
        const mean = expectedMean(s.target, o.predictionLength, options.offset ?? 0);
        return {
          mean,
          quantiles: o.quantileLevels.map((q) => mean.map((v) => v + (q - 0.5) * 10)),
        };
      });
    },
    release() {
      m.released = true;
      return Promise.resolve();
    },
  };
  return m;
}
