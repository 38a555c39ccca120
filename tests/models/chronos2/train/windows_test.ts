import { assert, assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { assertClose } from "../../../_helpers/assert_close.ts";
import { Rng } from "../../../../lib/optim/rng.ts";
import { LOSS_CASES, nanData as nan, readLossCase, toSeries } from "../_loss_case.ts";
import {
  sampleTrainingBatch,
  validationBatches,
} from "../../../../models/chronos2/train/windows.ts";

for (const name of LOSS_CASES) {
  Deno.test(`validationBatches() rebuilds the official ${name} batch exactly`, async () => {
    const c = await readLossCase(name);
    const batches = validationBatches(c.inputs.map(toSeries), {
      contextLength: 2048,
      predictionLength: c["prediction_length"],
      batchSize: 256,
    });
    assertEquals(batches.length, 1);
    const b = batches[0]!;
    assertEquals([b.rows, b.length], c.batch.context.shape);
    assertClose(b.context, nan(c.batch.context), { atol: 0, rtol: 1e-7, label: "context" });
    assertClose(b.futureTarget, nan(c.batch["future_target"]), { atol: 0, rtol: 1e-7 });
    assertClose(b.futureCovariates, nan(c.batch["future_covariates"]), { atol: 0, rtol: 1e-7 });
    assertEquals([...b.groupIds], c.batch["group_ids"].data);
    assertEquals(b.numOutputPatches, c.batch["num_output_patches"]);
  });
}

Deno.test("sampleTrainingBatch() cuts uniformly in [minPast, n − H] and slices context and target", () => {
  const n = 30;
  const H = 3;
  const series = [{ rows: [Float64Array.from({ length: n }, (_, i) => i)] }];
  const counts = new Map<number, number>();
  for (let step = 0; step < 3000; step++) {
    const b = sampleTrainingBatch(series, new Rng(7, "data", step), {
      contextLength: 5,
      predictionLength: H,
      batchSize: 1,
    });
    const cut = b.windows[0]!.cut;
    counts.set(cut, (counts.get(cut) ?? 0) + 1);
    // context = the min(5, cut) steps before the cut, left-padded with NaN to the longest (itself)
    const len = Math.min(5, cut);
    assertEquals(b.length, len);
    assertEquals([...b.context], Array.from({ length: len }, (_, t) => cut - len + t));
    assertEquals([...b.futureTarget], [cut, cut + 1, cut + 2]);
    assert(b.futureCovariates.every(Number.isNaN));
  }
  // default minPast = H: cuts 3..27, 25 values, each ~120 times
  assertEquals(Math.min(...counts.keys()), H);
  assertEquals(Math.max(...counts.keys()), n - H);
  assertEquals(counts.size, n - 2 * H + 1);
  for (const c of counts.values()) assert(c > 60 && c < 190, `count ${c}`);
});

Deno.test("sampleTrainingBatch() fills batches by rows, masks covariate targets, pads to a fixed length", () => {
  const mk = (n: number, off: number) => ({
    rows: [0, 1, 2].map((k) => Float64Array.from({ length: n }, (_, i) => off + 100 * k + i)),
    nFutureCovariates: 1,
  });
  const series = [mk(40, 0), mk(8, 1000), mk(50, 5000)]; // the second one is too short for H=4, minPast=6
  const seen = new Set<number>();
  for (let step = 0; step < 50; step++) {
    const b = sampleTrainingBatch(series, new Rng(1, step), {
      contextLength: 16,
      predictionLength: 4,
      minPast: 6,
      batchSize: 5,
      fixedLength: 20,
    });
    assertEquals(b.rows, 6); // 3-row tasks added while rows < 5
    assertEquals(b.length, 20);
    assertEquals([...b.groupIds], [0, 0, 0, 1, 1, 1]);
    for (const [g, w] of b.windows.entries()) {
      seen.add(w.series);
      const s = series[w.series]!;
      for (let k = 0; k < 3; k++) {
        const r = 3 * g + k;
        const ctx = b.context.subarray(r * 20, (r + 1) * 20);
        const len = Math.min(16, w.cut);
        assert(ctx.subarray(0, 20 - len).every(Number.isNaN));
        assertEquals([...ctx.subarray(20 - len)], [...s.rows[k]!.subarray(w.cut - len, w.cut)]);
        const ft = [...b.futureTarget.subarray(r * 4, r * 4 + 4)];
        const fc = [...b.futureCovariates.subarray(r * 4, r * 4 + 4)];
        const truth = [...s.rows[k]!.subarray(w.cut, w.cut + 4)];
        assertEquals(ft, k === 0 ? truth : [NaN, NaN, NaN, NaN]);
        assertEquals(fc, k === 2 ? truth : [NaN, NaN, NaN, NaN]);
      }
    }
  }
  assertEquals([...seen].sort(), [0, 2]);
});

Deno.test("training windows reject bad options and series that are all too short", () => {
  const series = [{ rows: [new Float64Array(5)] }];
  const opts = { contextLength: 4, predictionLength: 3, batchSize: 1 };
  assertThrows(() => sampleTrainingBatch(series, new Rng(1), opts), RangeError);
  assertThrows(() => sampleTrainingBatch([], new Rng(1), opts), RangeError);
  assertThrows(
    () => validationBatches(series, { ...opts, predictionLength: 0 }),
    RangeError,
  );
  assertThrows(
    () => validationBatches([{ rows: [new Float64Array(9), new Float64Array(8)] }], opts),
    RangeError,
  );
  assertThrows(() => validationBatches(series, { ...opts, fixedLength: 2 }), RangeError);
});
