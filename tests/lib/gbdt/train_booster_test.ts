import { deepEqual, equal, ok, throws } from "node:assert/strict";
import { DMatrix } from "../../../lib/gbdt/dmatrix.ts";
import { trainBooster } from "../../../lib/gbdt/train_booster.ts";
import { seededRandom } from "../../_helpers/random.ts";

function noisy(n: number, seed: number): { x: Float32Array; y: Float32Array } {
  const rnd = seededRandom(seed);
  const x = Float32Array.from({ length: n }, () => rnd());
  const y = Float32Array.from(x, (v) => (v > 0.5 ? 1 : 0) + (rnd() - 0.5) * 4);
  return { x, y };
}

Deno.test("trainBooster() stops once validation stops improving and keeps the best round", () => {
  const a = noisy(300, 1);
  const b = noisy(300, 2);
  using dt = DMatrix.fromDense(a.x, 300, 1, { label: a.y });
  using dv = DMatrix.fromDense(b.x, 300, 1, { label: b.y });
  const rounds: number[] = [];
  const out = trainBooster(dt, dv, {
    numRounds: 500,
    earlyStoppingRounds: 5,
    params: { nthread: 1, eta: 0.5, "max_depth": 6 },
    onRound: (r) => rounds.push(r),
  });
  try {
    ok(out.roundsRun < 500, "overfitting noise stops early");
    equal(out.roundsRun, out.bestRound + 6);
    deepEqual(rounds, Array.from({ length: out.roundsRun }, (_, i) => i));
    equal(out.bestValue, Math.min(...out.curve));
    equal(out.curve[out.bestRound], out.bestValue);
    equal(out.booster.boostedRounds, out.bestRound + 1);
  } finally {
    out.booster.free();
  }
});

Deno.test("trainBooster() refuses non-positive rounds", () => {
  using d = DMatrix.fromDense(new Float32Array(2), 2, 1, { label: [0, 1] });
  throws(() => trainBooster(d, d, { numRounds: 0 }), /rounds must be a whole number/);
  throws(() => trainBooster(d, d, { earlyStoppingRounds: 1.5 }), RangeError);
});
