import { assert, assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { assertClose } from "../../_helpers/assert_close.ts";
import { prepareInputs } from "../../../models/chronos2/preprocess.ts";
import { caseInputs, f32, type JsonTensor } from "../../../models/chronos2/parity/cases.ts";
import { DataValidationError } from "../../../lib/errors.ts";
import { loadCase } from "../../_helpers/fixtures.ts";

for (
  const name of [
    "C1_past_covariates",
    "C2_future_covariate",
    "C3_mixed_covariates_batch",
    "C4_categorical_covariate",
    "E3_rollout_with_covariates",
  ]
) {
  Deno.test(`prepareInputs() reproduces the official prepared inputs of ${name}`, async () => {
    const c = await loadCase(name);
    const got = prepareInputs(caseInputs(c), c.prediction_length as number);
    const ref = c.prepared_inputs as Record<string, JsonTensor & number>[];
    assertEquals(got.length, ref.length);
    ref.forEach((r, i) => {
      const g = got[i]!;
      assertEquals([g.rows, g.length], (r.context as JsonTensor).shape);
      assertEquals([g.nTargets, g.nCovariates, g.nFutureCovariates], [
        r.n_targets,
        r.n_covariates,
        r.n_future_covariates,
      ]);
      // categorical target encoding is float64 then float32: allow one float32 ulp
      assertClose(g.context, f32(r.context as JsonTensor), {
        atol: 0,
        rtol: 1.2e-7,
        label: `${name}[${i}].context`,
      });
      assertClose(g.futureCovariates, f32(r.future_covariates as JsonTensor), {
        atol: 0,
        rtol: 1.2e-7,
        label: `${name}[${i}].future`,
      });
    });
  });
}

Deno.test("prepareInputs() uses ordinal codes for categoricals when there are several targets", () => {
  const [t] = prepareInputs([{
    target: [[1, 2, 3, 4], [5, 6, 7, 8]],
    pastCovariates: { c: ["b", "a", null, "b"] },
    futureCovariates: { c: ["a", "z"] },
  }], 2);
  assertEquals([...t!.context.subarray(8, 12)], [1, 0, 2, 1]);
  assert([0, 1, 2, 3].every((i) => Number.isNaN(t!.futureCovariates[i]!))); // target rows
  assertEquals(t!.futureCovariates[4], 0);
  assert(Number.isNaN(t!.futureCovariates[5]!)); // unseen category
});

Deno.test("prepareInputs() target-encodes with smoothing 1 and maps unseen categories to the item mean", () => {
  const [t] = prepareInputs([{
    target: [1, 3, 5, NaN],
    pastCovariates: { c: ["x", "x", "y", "y"] },
    futureCovariates: { c: ["y", "new"] },
  }], 2);
  // item mean = 3; x: (3 + 1 + 3) / 3; y: (3 + 5) / 2 (NaN target excluded)
  assertClose(t!.context.subarray(4, 8), [7 / 3, 7 / 3, 4, 4], { rtol: 1e-7 });
  assertClose(t!.futureCovariates.subarray(2, 4), [4, 3], { rtol: 1e-7 });
});

Deno.test("prepareInputs() rejects bad input with typed errors", () => {
  assertThrows(() => prepareInputs([[1, 2]], 0), RangeError);
  assertThrows(() => prepareInputs([[1, 2]], -3), RangeError);
  assertThrows(() => prepareInputs([], 4), DataValidationError);
  assertThrows(() => prepareInputs([[]], 4), /empty/);
  assertThrows(() => prepareInputs([[NaN, NaN, null]], 4), /all NaN/);
  assertThrows(() => prepareInputs([[1, Infinity, 2]], 4), /infinite/);
  assertThrows(
    () => prepareInputs([{ target: [1, 2, 3], pastCovariates: { a: [1, 2] } }], 4),
    /"a" has 2 values, the target has 3/,
  );
  assertThrows(
    () =>
      prepareInputs([{
        target: [1, 2, 3],
        pastCovariates: { a: [1, 2, 3] },
        futureCovariates: { b: [1, 2] },
      }], 2),
    /not past covariates/,
  );
  assertThrows(
    () =>
      prepareInputs([{
        target: [1, 2, 3],
        pastCovariates: { a: [1, 2, 3] },
        futureCovariates: { a: [1] },
      }], 2),
    /prediction length is 2/,
  );
  assertThrows(
    () => prepareInputs([{ target: [1, 2] }, { target: [[1, 2], [3, 4]] }], 2),
    /same schema/,
  );
});

Deno.test("prepareInputs() accepts a 3-d tensor and ragged 1-d/2-d lists", () => {
  const t3 = prepareInputs({ shape: [2, 2, 3], data: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] }, 5);
  assertEquals(t3.map((t) => [t.rows, t.length, t.nTargets]), [[2, 3, 2], [2, 3, 2]]);
  assertEquals([...t3[1]!.context], [7, 8, 9, 10, 11, 12]);
  const l = prepareInputs([new Float64Array([1, 2]), [[1, 2, 3], [4, 5, 6]]], 1);
  assertEquals(l.map((t) => t.rows), [1, 2]);
});
