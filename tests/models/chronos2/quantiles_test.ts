import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { assertClose } from "../../_helpers/assert_close.ts";
import {
  interpolateQuantiles,
  probabilityMass,
  weightedQuantile,
} from "../../../models/chronos2/quantiles.ts";
import { f32, type JsonTensor } from "../../../models/chronos2/parity/cases.ts";
import { loadCase, MODEL_QUANTILES } from "../../_helpers/fixtures.ts";

const U9 = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

Deno.test("interpolateQuantiles() interpolates linearly and extrapolates flat", () => {
  const out = interpolateQuantiles([0, 0.05, 0.3, 0.5, 0.95, 1], [0.1, 0.5, 0.9], [10, 20, 60], 3);
  assertClose(out, [10, 10, 15, 20, 60, 60], { rtol: 1e-6 });
  assertThrows(() => interpolateQuantiles([1.5], [0.5], [1], 1), RangeError);
});

Deno.test("probabilityMass() gives trapezoid masses that sum to one", () => {
  assertClose(probabilityMass([0.25, 0.5, 0.75]), [1 / 3, 1 / 3, 1 / 3], { rtol: 1e-6 });
  assertThrows(() => probabilityMass([0, 0.5]), RangeError);
});

Deno.test("weightedQuantile() reproduces the official rollout merge bit for bit", async () => {
  for (const name of ["E2_rollout_small_max_patches", "E3_rollout_with_covariates"]) {
    const c = await loadCase(name);
    const wk = probabilityMass(U9);
    const wq = probabilityMass(MODEL_QUANTILES);
    const w = new Float32Array(9 * 21);
    for (let k = 0; k < 9; k++) {
      for (let q = 0; q < 21; q++) w[k * 21 + q] = Math.fround(wk[k]! * wq[q]!);
    }
    for (const s of c.rollout_steps as Record<string, JsonTensor>[]) {
      if (!s.merged_prediction) continue;
      const pred = f32(s.prediction!);
      const [bk, , h] = s.prediction!.shape as [number, number, number];
      const B = bk / 9;
      const samples = new Float32Array(B * h * 189);
      for (let b = 0; b < B; b++) {
        for (let k = 0; k < 9; k++) {
          for (let q = 0; q < 21; q++) {
            for (let t = 0; t < h; t++) {
              samples[(b * h + t) * 189 + k * 21 + q] = pred[((b * 9 + k) * 21 + q) * h + t]!;
            }
          }
        }
      }
      const m = weightedQuantile(MODEL_QUANTILES, w, samples);
      const ref = f32(s.merged_prediction);
      const got = new Float32Array(ref.length);
      for (let b = 0; b < B; b++) {
        for (let t = 0; t < h; t++) {
          for (let q = 0; q < 21; q++) got[(b * 21 + q) * h + t] = m[(b * h + t) * 21 + q]!;
        }
      }
      assertClose(got, ref, { atol: 0, rtol: 0, label: name });
    }
  }
  assertEquals(weightedQuantile([0.5], new Float32Array([1, 1]), [3, 1])[0], 1);
});
