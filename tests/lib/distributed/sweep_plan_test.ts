import assert from "node:assert/strict";
import { planSweep } from "../../../lib/distributed/sweep_plan.ts";

Deno.test("planSweep() lists a grid's combinations with the last key varying fastest", () => {
  const trials = planSweep({
    method: "grid",
    parameters: { learningRate: [1e-5, 1e-4], batchSize: [4, 8, 16] },
    fixed: { numSteps: 10 },
  });
  assert.deepEqual(trials.map((t) => [t.options.learningRate, t.options.batchSize]), [
    [1e-5, 4],
    [1e-5, 8],
    [1e-5, 16],
    [1e-4, 4],
    [1e-4, 8],
    [1e-4, 16],
  ]);
  assert.ok(trials.every((t, i) => t.index === i && t.options.numSteps === 10));
});

Deno.test("planSweep() draws the same random trials for the same seed, inside the ranges", () => {
  const config = {
    method: "random",
    trials: 50,
    seed: 7,
    parameters: {
      learningRate: { min: 1e-6, max: 1e-3, log: true },
      gradientAccumulationSteps: { min: 1, max: 4, integer: true },
      mode: ["full", "lora"],
    },
  };
  const a = planSweep(config);
  assert.deepEqual(planSweep(config), a);
  assert.notDeepEqual(planSweep({ ...config, seed: 8 }), a);
  for (const t of a) {
    const lr = t.options.learningRate as number;
    assert.ok(lr >= 1e-6 && lr <= 1e-3, `lr ${lr}`);
    assert.ok([1, 2, 3, 4].includes(t.options.gradientAccumulationSteps as number));
    assert.ok(["full", "lora"].includes(t.options.mode as string));
  }
  // log-uniform: about half the draws below the geometric middle (3.16e-5)
  const below = a.filter((t) => (t.options.learningRate as number) < 3.1623e-5).length;
  assert.ok(below > 12 && below < 38, `${below} of 50 below the log-middle`);
  assert.equal(new Set(a.map((t) => t.options.mode)).size, 2);
});

Deno.test("planSweep() refuses malformed configs with the key in the message", () => {
  assert.throws(() => planSweep([]), /must be a JSON object/);
  assert.throws(
    () => planSweep({ method: "bayes", parameters: {} }),
    /"method" must be "grid" or "random"/,
  );
  assert.throws(() => planSweep({ method: "grid", parameters: {} }), /names no option/);
  assert.throws(
    () => planSweep({ method: "grid", parameters: { learnRate: [1] } }),
    /Cannot sweep "learnRate": the options a sweep sets are learningRate/,
  );
  assert.throws(
    () => planSweep({ method: "grid", parameters: { learningRate: { min: 1, max: 2 } } }),
    /give a list of values/,
  );
  assert.throws(
    () => planSweep({ method: "random", trials: 0, parameters: { batchSize: [1] } }),
    RangeError,
  );
  assert.throws(
    () =>
      planSweep({
        method: "random",
        trials: 2,
        parameters: { learningRate: { min: 0, max: 1, log: true } },
      }),
    /min > 0 on a log scale/,
  );
  assert.throws(
    () => planSweep({ method: "grid", parameters: { batchSize: [1] }, fixed: { numStep: 5 } }),
    /Cannot fix "numStep": the options a sweep sets are/,
  );
  assert.throws(
    () => planSweep({ method: "grid", parameters: { batchSize: [] } }),
    /at least one number/,
  );
});
