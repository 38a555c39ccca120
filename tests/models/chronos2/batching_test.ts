import { assertEquals } from "../../_helpers/assert.ts";
import { assertClose } from "../../_helpers/assert_close.ts";
import { makeBatches } from "../../../models/chronos2/batching.ts";
import { prepareInputs } from "../../../models/chronos2/preprocess.ts";
import {
  caseInputs,
  caseOptions,
  f32,
  type JsonTensor,
} from "../../../models/chronos2/parity/cases.ts";
import { loadCase } from "../../_helpers/fixtures.ts";

for (
  const name of [
    "B_batch_nan",
    "C3_mixed_covariates_batch",
    "D_long_context",
    "F1_multivariate",
    "F2_cross_learning",
  ]
) {
  Deno.test(`makeBatches() reproduces the official batch of ${name}`, async () => {
    const c = await loadCase(name);
    const o = caseOptions((c.api as { kwargs: Record<string, unknown> }).kwargs);
    const h = c.prediction_length as number;
    const got = makeBatches(prepareInputs(caseInputs(c), h), {
      predictionLength: h,
      contextLength: 2048,
      crossLearning: o.crossLearning ?? false,
    });
    const ref = c.pipeline_batches as Record<string, unknown>[];
    assertEquals(got.length, ref.length);
    ref.forEach((r, i) => {
      const g = got[i]!;
      assertEquals([g.rows, g.length], (r.context as JsonTensor).shape);
      assertClose(g.context, f32(r.context as JsonTensor), { atol: 0, rtol: 0 });
      assertEquals([...g.groupIds], [...f32(r.group_ids as JsonTensor)]);
      assertClose(g.futureCovariates, f32(r.future_covariates as JsonTensor), { atol: 0, rtol: 0 });
      assertEquals(g.targetIdxRanges, r.target_idx_ranges);
    });
  });
}

Deno.test("makeBatches() adds tasks while the batch has fewer rows than batchSize, never splitting a task", () => {
  const tasks = prepareInputs([[[1, 2], [3, 4], [5, 6]], [1, 2], [[1, 2], [3, 4]], [7, 8]], 1);
  const b = makeBatches(tasks, { predictionLength: 1, contextLength: 8, batchSize: 4 });
  assertEquals(b.map((x) => x.rows), [4, 3]);
  assertEquals(b.map((x) => x.taskIndices), [[0, 1], [2, 3]]);
  assertEquals([...b[0]!.groupIds], [0, 0, 0, 1]);
});

Deno.test("makeBatches() keeps the last contextLength steps and left-pads with NaN", () => {
  const [b] = makeBatches(prepareInputs([[1, 2, 3, 4, 5], [9]], 1), {
    predictionLength: 1,
    contextLength: 3,
  });
  assertEquals(b!.length, 3);
  assertClose(b!.context, [3, 4, 5, NaN, NaN, 9], { atol: 0, rtol: 0 });
});
