import { assertEquals } from "../../_helpers/assert.ts";
import { assertClose } from "../../_helpers/assert_close.ts";
import {
  forecastWindows,
  type GatheredBatch,
  type GatherInput,
} from "../../../lib/evaluate/forecast_windows.ts";
import { windowRows } from "../../../lib/evaluate/covariate_rows.ts";
import { interpolateQuantiles } from "../../../models/chronos2/quantiles.ts";
import type { SeriesBatch } from "../../../lib/data/series_batch.ts";

/** Independent window builder for the test (the contract of the window kernel). */
function gatherRef(input: GatherInput): GatheredBatch {
  const { series, contextLength: L, predictionLength: H } = input;
  const R = series.length;
  const B = input.origins.length;
  const context = new Float32Array(B * R * L).fill(NaN);
  const future = new Float32Array(B * R * H).fill(NaN);
  const target = new Float32Array(B * H);
  const groupIds = new Int32Array(B * R);
  for (let b = 0; b < B; b++) {
    const o = Number(input.origins[b]);
    for (let r = 0; r < R; r++) {
      groupIds[b * R + r] = b;
      for (let t = 0; t < L; t++) {
        const src = o - L + t;
        if (src >= 0) context[(b * R + r) * L + t] = series[r]![src]!;
      }
      if (input.futureKnown?.[r]) {
        for (let h = 0; h < H; h++) future[(b * R + r) * H + h] = series[r]![o + h]!;
      }
    }
    for (let h = 0; h < H; h++) target[b * H + h] = series[0]![o + h]!;
  }
  return { rowsPerWindow: R, context, future, target, groupIds };
}

const LEVELS = [0.1, 0.5, 0.9];

/** A fake model: quantile j of row r at step h = last context value + 10·level_j + h + r/1000, padded to 16 steps. */
function fakeModel(calls: SeriesBatch[]) {
  return {
    quantiles: LEVELS,
    predictBatch(b: SeriesBatch) {
      calls.push(b);
      const Hp = Math.ceil(b.predictionLength / 16) * 16;
      const q = new Float32Array(b.rows * LEVELS.length * Hp);
      for (let r = 0; r < b.rows; r++) {
        const last = b.context[r * b.length + b.length - 1]!;
        for (let j = 0; j < LEVELS.length; j++) {
          for (let h = 0; h < Hp; h++) {
            q[(r * LEVELS.length + j) * Hp + h] = last + 10 * LEVELS[j]! + h + r / 1000;
          }
        }
      }
      return Promise.resolve({ quantiles: q });
    },
  };
}

const T = 40;
const data = {
  targetName: "y",
  target: Array.from({ length: T }, (_, t) => t * 2),
  covariates: [
    { name: "cal", values: Array.from({ length: T }, (_, t) => 1000 + t), knownInAdvance: true },
    { name: "meas", values: Array.from({ length: T }, (_, t) => 500 + t), knownInAdvance: false },
  ],
};

Deno.test("forecastWindows() batches windows and reads the target rows at the asked levels", async () => {
  const calls: SeriesBatch[] = [];
  const origins = [10, 11, 20, 30, 35];
  const progress: number[] = [];
  const out = await forecastWindows({
    rows: windowRows(data, "past"),
    origins,
    contextLength: 8,
    predictionLength: 3,
    batchSize: 6, // 3 rows per window → 2 windows per call
    levels: [0.1, 0.3, 0.9],
    model: fakeModel(calls),
    gather: gatherRef,
    interpolate: interpolateQuantiles,
    onProgress: (d) => progress.push(d),
  });
  assertEquals(out.done, 5);
  assertEquals(out.interrupted, false);
  assertEquals(calls.map((c) => c.rows), [6, 6, 3]);
  assertEquals(progress, [0, 2, 4, 5]);
  assertEquals(calls[0]!.futureCovariates, undefined); // past mode: no known future
  const point: number[] = [];
  const quant: number[] = [];
  const actual: number[] = [];
  for (const [i, o] of origins.entries()) {
    for (let h = 0; h < 3; h++) {
      const last = 2 * (o - 1) + (3 * (i % 2)) / 1000; // + the target row's index in its batch
      point.push(last + 5 + h);
      quant.push(last + 1 + h, last + 3 + h, last + 9 + h);
      actual.push(2 * (o + h));
    }
  }
  assertClose(out.point, point, { atol: 1e-4 });
  assertClose(out.quantiles, quant, { atol: 1e-4 });
  assertClose(out.actuals, actual, { atol: 0 });
});

Deno.test("forecastWindows() passes known future values in past+future mode", async () => {
  const calls: SeriesBatch[] = [];
  await forecastWindows({
    rows: windowRows(data, "past+future"),
    origins: [12],
    contextLength: 4,
    predictionLength: 2,
    levels: [0.5],
    model: fakeModel(calls),
    gather: gatherRef,
    interpolate: interpolateQuantiles,
  });
  const f = Array.from(calls[0]!.futureCovariates!);
  // rows: y, meas (past-only), cal (known future) → only cal's future is known
  assertEquals(f.slice(0, 4).every(Number.isNaN), true);
  assertEquals(f.slice(4), [1012, 1013]);
});

Deno.test("forecastWindows() stops after the batch in flight when aborted", async () => {
  const controller = new AbortController();
  const out = await forecastWindows({
    rows: windowRows(data, "none"),
    origins: [10, 11, 12, 13, 14],
    contextLength: 4,
    predictionLength: 1,
    batchSize: 2,
    levels: [0.5],
    model: fakeModel([]),
    gather: gatherRef,
    interpolate: interpolateQuantiles,
    signal: controller.signal,
    onProgress: (d) => d >= 2 && controller.abort(),
  });
  assertEquals(out.done, 2);
  assertEquals(out.interrupted, true);
  assertEquals(out.point.length, 2);
  assertClose(out.point, [2 * 9 + 5, 2 * 10 + 5 + 0.001], { atol: 1e-4 });
});
