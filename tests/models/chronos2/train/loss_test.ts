import { assertThrows } from "../../../_helpers/assert.ts";
import { assertClose } from "../../../_helpers/assert_close.ts";
import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { serializeModel } from "../../../../lib/onnx/serialize.ts";
import { Rng } from "../../../../lib/optim/rng.ts";
import { createSession } from "../../../../lib/runtime/session.ts";
import {
  buildQuantileLoss,
  quantileLossReference,
} from "../../../../models/chronos2/train/loss.ts";
import { MODEL_QUANTILES } from "../../../_helpers/fixtures.ts";
import { LOSS_CASES, nanData, readLossCase } from "../_loss_case.ts";

/** float64 instance normalisation: NaN-aware mean and population std, 0 → 1e-5, all-NaN → (0, 1). */
function locScale(context: number[], rows: number): { loc: number[]; scale: number[] } {
  const L = context.length / rows;
  const loc: number[] = [];
  const scale: number[] = [];
  for (let r = 0; r < rows; r++) {
    const xs = context.slice(r * L, (r + 1) * L).filter((v) => !Number.isNaN(v));
    if (xs.length === 0) {
      loc.push(0);
      scale.push(1);
      continue;
    }
    const m = xs.reduce((a, v) => a + v, 0) / xs.length;
    const s = Math.sqrt(xs.reduce((a, v) => a + (v - m) ** 2, 0) / xs.length);
    loc.push(m);
    scale.push(s === 0 ? 1e-5 : s);
  }
  return { loc, scale };
}

for (const name of LOSS_CASES) {
  Deno.test(`quantileLossReference() reproduces the official loss of ${name}`, async () => {
    const c = await readLossCase(name);
    const [rows, Q, Hp] = c["quantile_preds"].shape as [number, number, number];
    const { loc, scale } = locScale(nanData(c.batch.context), rows);
    // the fixture records un-normalised predictions sinh(ẑ)·scale + loc: undo that
    const preds = nanData(c["quantile_preds"]);
    const zq = preds.map((v, i) => {
      const r = Math.floor(i / (Q * Hp));
      return Math.asinh((v - loc[r]!) / scale[r]!);
    });
    const loss = quantileLossReference({
      quantilesNormalized: zq,
      futureTarget: nanData(c.batch["future_target"]),
      futureCovariates: nanData(c.batch["future_covariates"]),
      loc,
      scale,
      quantileLevels: MODEL_QUANTILES,
      rows,
      predictionLength: c["prediction_length"],
      numOutputPatches: c.batch["num_output_patches"],
    });
    assertClose(loss, c.loss, { atol: 0, rtol: 2e-6, label: name });
  });
}

Deno.test("quantileLossReference() masks missing targets and known future covariates, pads the horizon", () => {
  // 2 rows, levels [0.25, 0.75], H = 2 in one patch of 4, loc 1, scale 2 (row 0), row 1 all-NaN target
  const y = Math.asinh((3 - 1) / 2); // target 3 at h=0; h=1 is a known future covariate position
  const zq = [0, 0, 9, 9, /* q=0.75 */ 2, 0, 9, 9, /* row 1 */ 5, 5, 5, 5, 5, 5, 5, 5];
  const loss = quantileLossReference({
    quantilesNormalized: zq,
    futureTarget: [3, 4, NaN, NaN],
    futureCovariates: [NaN, 7, NaN, NaN],
    loc: [1, 0],
    scale: [2, 1],
    quantileLevels: [0.25, 0.75],
    rows: 2,
    predictionLength: 2,
    numOutputPatches: 1,
    patchSize: 4,
  });
  // row 0, h=0: q=0.25: y > 0 → 2·y·0.25; q=0.75: y ≤ 2 → 2·(2 − y)·0.25; mean over 4 positions; row 1 adds 0
  const row0 = (2 * y * 0.25 + 2 * (2 - y) * 0.25) / 4;
  assertClose(loss, row0 / 2, { atol: 1e-15 });
});

Deno.test("quantileLossReference() rejects a horizon longer than the output patches", () => {
  assertThrows(() =>
    quantileLossReference({
      quantilesNormalized: [0],
      futureTarget: [0, 0],
      loc: [0],
      scale: [1],
      quantileLevels: [0.5],
      rows: 1,
      predictionLength: 2,
      numOutputPatches: 1,
      patchSize: 1,
    }), RangeError);
});

Deno.test("buildQuantileLoss() run by ONNX Runtime equals the float64 reference", async () => {
  const rows = 5;
  const H = 20;
  const Hp = 32;
  const levels = [0.1, 0.5, 0.9];
  const rng = new Rng(4);
  const zq = Float32Array.from({ length: rows * 3 * Hp }, () => rng.nextNormal());
  const ft = Float32Array.from(
    { length: rows * H },
    (_, i) => i % 7 === 3 || i >= 4 * H ? NaN : 10 + 3 * rng.nextNormal(),
  );
  const fc = Float32Array.from({ length: rows * H }, (_, i) => i % 11 === 5 ? 1 : NaN);
  const loc = Float32Array.from({ length: rows }, () => 10 + rng.nextNormal());
  const scale = Float32Array.from({ length: rows }, () => 1 + rng.nextFloat());
  const b = new GraphBuilder("loss");
  const out = buildQuantileLoss(b, {
    quantilesNormalized: b.input("zq", "float32", ["rows", 3, Hp]),
    futureTarget: b.input("ft", "float32", ["rows", H]),
    futureCovariates: b.input("fc", "float32", ["rows", H]),
    loc: b.input("loc", "float32", ["rows", 1]),
    scale: b.input("scale", "float32", ["rows", 1]),
    quantileLevels: levels,
    predictionLength: H,
    paddedLength: Hp,
  });
  b.output(out, "loss");
  const s = await createSession(serializeModel(b.build()), { executionProvider: "cpu" });
  const res = await s.run({
    zq: { dtype: "float32", dims: [rows, 3, Hp], data: zq },
    ft: { dtype: "float32", dims: [rows, H], data: ft },
    fc: { dtype: "float32", dims: [rows, H], data: fc },
    loc: { dtype: "float32", dims: [rows, 1], data: loc },
    scale: { dtype: "float32", dims: [rows, 1], data: scale },
  });
  await s.release();
  const expected = quantileLossReference({
    quantilesNormalized: zq,
    futureTarget: ft,
    futureCovariates: fc,
    loc,
    scale,
    quantileLevels: levels,
    rows,
    predictionLength: H,
    numOutputPatches: 2,
  });
  assertClose(res.loss!.data[0] as number, expected, { atol: 0, rtol: 1e-5 });
});
