import { deepEqual, equal, ok, throws } from "node:assert/strict";
import { Booster, parseEvalText } from "../../../lib/gbdt/booster.ts";
import { DMatrix } from "../../../lib/gbdt/dmatrix.ts";
import { XGBoostError } from "../../../lib/gbdt/xgboost_errors.ts";
import { seededRandom } from "../../_helpers/random.ts";

/** y = 3·x0 + noise-free step in x1; x2 is pure noise; every 10th x0 missing. */
function data(n: number, seed: number): { x: Float32Array; y: Float32Array } {
  const rnd = seededRandom(seed);
  const x = new Float32Array(n * 3);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x0 = rnd() * 10;
    const x1 = rnd();
    x[i * 3] = i % 10 === 0 ? NaN : x0;
    x[i * 3 + 1] = x1;
    x[i * 3 + 2] = rnd();
    y[i] = (i % 10 === 0 ? 15 : 3 * x0) + (x1 > 0.5 ? 5 : 0);
  }
  return { x, y };
}

const PARAMS = { objective: "reg:squarederror", nthread: 1, "max_depth": 4, eta: 0.3, seed: 0 };

function rmse(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (Number(a[i]) - Number(b[i])) ** 2;
  return Math.sqrt(s / a.length);
}

Deno.test("Booster learns a known function, missing values included", () => {
  const { x, y } = data(400, 1);
  using d = DMatrix.fromDense(x, 400, 3, { label: y });
  using b = Booster.create([d], PARAMS);
  for (let i = 0; i < 60; i++) b.updateOneIter(i, d);
  equal(b.boostedRounds, 60);
  equal(b.numFeatures, 3);
  const p = b.predict(d);
  equal(p.length, 400);
  ok(rmse(p, y) < 1, `rmse ${rmse(p, y)}`);
  ok(Math.abs(p[0]! - (15 + (x[1]! > 0.5 ? 5 : 0))) < 1.5, "a missing x0 takes the learnt branch");
});

Deno.test("evalOneIter() reports the RMSE that predict() gives", () => {
  const train = data(300, 2);
  const val = data(100, 3);
  using dt = DMatrix.fromDense(train.x, 300, 3, { label: train.y });
  using dv = DMatrix.fromDense(val.x, 100, 3, { label: val.y });
  using b = Booster.create([dt, dv], { ...PARAMS, "eval_metric": "rmse" });
  for (let i = 0; i < 10; i++) b.updateOneIter(i, dt);
  const reported = b.evalOneIter(9, { val: dv, train: dt });
  const expected = rmse(b.predict(dv), val.y);
  ok(Math.abs(reported["val-rmse"]! - expected) < 1e-3 * expected, `${reported["val-rmse"]}`);
  ok(reported["train-rmse"]! < reported["val-rmse"]! + 1);
});

Deno.test("slice() keeps the first rounds, as predict() with iterationEnd", () => {
  const { x, y } = data(200, 4);
  using d = DMatrix.fromDense(x, 200, 3, { label: y });
  using b = Booster.create([d], PARAMS);
  for (let i = 0; i < 12; i++) b.updateOneIter(i, d);
  using s = b.slice(0, 5);
  equal(s.boostedRounds, 5);
  deepEqual([...s.predict(d)], [...b.predict(d, { iterationEnd: 5 })]);
  throws(() => b.slice(0, 13), /rounds 0..11/);
});

Deno.test("saveModelJson() and loadModelJson() round-trip the predictions", () => {
  const { x, y } = data(200, 5);
  using d = DMatrix.fromDense(x, 200, 3, { label: y });
  using b = Booster.create([d], PARAMS);
  for (let i = 0; i < 8; i++) b.updateOneIter(i, d);
  const json = b.saveModelJson();
  const model = JSON.parse(json);
  equal(model.learner.gradient_booster.model.trees.length, 8);
  using loaded = Booster.loadModelJson(json);
  deepEqual([...loaded.predict(d)], [...b.predict(d)]);
  throws(() => Booster.loadModelJson("{not json"), XGBoostError);
});

Deno.test("featureScore() gives the noise feature the least gain", () => {
  const { x, y } = data(400, 6);
  using d = DMatrix.fromDense(x, 400, 3, { label: y });
  using b = Booster.create([d], { ...PARAMS, "max_depth": 2 });
  for (let i = 0; i < 10; i++) b.updateOneIter(i, d);
  const gain = b.featureScore("total_gain");
  equal(gain.length, 3);
  ok(gain[0]! > gain[2]! && gain[1]! > gain[2]!, `${[...gain]}`);
});

Deno.test("setParams() surfaces the library's message for a bad value", () => {
  using d = DMatrix.fromDense(new Float32Array(4), 2, 2, { label: [0, 1] });
  throws(
    () => {
      using b = Booster.create([d], { objective: "reg:no-such-objective" });
      b.updateOneIter(0, d);
    },
    (e: unknown) => e instanceof XGBoostError && /no-such-objective/.test(e.message),
  );
});

Deno.test("parseEvalText() reads every metric of a round", () => {
  deepEqual(parseEvalText("[12]\tval-rmse:9.0125\ttrain-mae:4.5"), {
    "val-rmse": 9.0125,
    "train-mae": 4.5,
  });
  deepEqual(parseEvalText(""), {});
});
