import { equal, ok, throws } from "node:assert/strict";
import { Booster } from "../../../lib/gbdt/booster.ts";
import { DMatrix } from "../../../lib/gbdt/dmatrix.ts";
import { boosterToOnnx } from "../../../lib/gbdt/onnx_export.ts";
import { serializeModel } from "../../../lib/onnx/serialize.ts";
import { createSession } from "../../../lib/runtime/session.ts";
import { seededRandom } from "../../_helpers/random.ts";

/** A regression problem with 6 features, a tenth of the values missing. */
function problem(rows: number, seed: number) {
  const rnd = seededRandom(seed);
  const F = 6;
  const x = new Float32Array(rows * F);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < F; j++) x[i * F + j] = rnd() < 0.1 ? NaN : rnd() * 4 - 2;
    const v = (j: number) => (Number.isNaN(x[i * F + j]!) ? 0 : x[i * F + j]!);
    y[i] = 50 + 10 * v(0) + 5 * Math.sin(3 * v(1)) + (v(2) > 0 ? 7 : -7) * v(3) + rnd();
  }
  return { x, y, F };
}

async function onnxPredict(json: string, x: Float32Array, rows: number, F: number) {
  const session = await createSession(serializeModel(boosterToOnnx(json)), {
    executionProvider: "cpu",
    intraOpThreads: 1,
  });
  try {
    const out = await session.run({ features: { dtype: "float32", dims: [rows, F], data: x } });
    return out.prediction!.data as Float32Array;
  } finally {
    await session.release();
  }
}

Deno.test("ONNX Runtime gives the predictions of XGBoost to float tolerance", async () => {
  const train = problem(1500, 1);
  const test = problem(500, 2);
  using d = DMatrix.fromDense(train.x, 1500, train.F, { label: train.y });
  using t = DMatrix.fromDense(test.x, 500, test.F, { label: test.y });
  using b = Booster.create([d], { nthread: 1, "max_depth": 6, eta: 0.1, seed: 0 });
  for (let i = 0; i < 80; i++) b.updateOneIter(i, d);
  const expected = b.predict(t);
  const actual = await onnxPredict(b.saveModelJson(), test.x, 500, test.F);
  equal(actual.length, 500);
  let worst = 0;
  for (let i = 0; i < 500; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  // Sums of 80 float32 leaves in a different order: a few ulps of ~100.
  ok(worst < 1e-4, `worst difference ${worst}`);
  // The model is not trivial: predictions vary over the test rows.
  ok(Math.max(...expected) - Math.min(...expected) > 20);
});

Deno.test("ONNX export keeps the missing-value direction of every split", async () => {
  const train = problem(800, 3);
  using d = DMatrix.fromDense(train.x, 800, train.F, { label: train.y });
  using b = Booster.create([d], { nthread: 1, "max_depth": 3, seed: 0 });
  for (let i = 0; i < 10; i++) b.updateOneIter(i, d);
  // Rows with every feature missing, and each single feature missing.
  const rows = 1 + train.F;
  const x = new Float32Array(rows * train.F).fill(0.5);
  x.fill(NaN, 0, train.F);
  for (let j = 0; j < train.F; j++) x[(1 + j) * train.F + j] = NaN;
  using m = DMatrix.fromDense(x, rows, train.F);
  const expected = b.predict(m);
  const actual = await onnxPredict(b.saveModelJson(), x, rows, train.F);
  for (let i = 0; i < rows; i++) ok(Math.abs(actual[i]! - expected[i]!) < 1e-4, `row ${i}`);
});

Deno.test("boosterToOnnx() refuses what it cannot export", () => {
  throws(() => boosterToOnnx("{"), SyntaxError);
  throws(() => boosterToOnnx('{"learner": {}}'), /no learner.gradient_booster/);
  using d = DMatrix.fromDense(new Float32Array([0, 1, 2, 3]), 4, 1, { label: [0, 1, 0, 1] });
  using b = Booster.create([d], { objective: "binary:logistic", nthread: 1 });
  b.updateOneIter(0, d);
  throws(() => boosterToOnnx(b.saveModelJson()), /objective "binary:logistic"/);
});
