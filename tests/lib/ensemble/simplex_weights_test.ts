import { deepEqual, ok, throws } from "node:assert/strict";
import { projectToSimplex, simplexWeights } from "../../../lib/ensemble/simplex_weights.ts";
import { seededRandom } from "../../_helpers/random.ts";

function sse(members: number[][], y: number[], w: number[]): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const f = members.reduce((a, m, j) => a + w[j]! * m[i]!, 0);
    s += (f - y[i]!) ** 2;
  }
  return s;
}

Deno.test("simplexWeights() matches a brute-force search over the simplex", () => {
  const rnd = seededRandom(3);
  const y = Array.from({ length: 300 }, () => rnd() * 100);
  // Three noisy forecasters of different quality, one biased.
  const members = [
    y.map((v) => v + (rnd() - 0.5) * 20),
    y.map((v) => v + (rnd() - 0.5) * 40),
    y.map((v) => v + 15 + (rnd() - 0.5) * 10),
  ];
  const w = simplexWeights(members, y);
  ok(w.every((x) => x >= 0));
  ok(Math.abs(w.reduce((a, b) => a + b) - 1) < 1e-12);
  let best = Infinity;
  const step = 0.005;
  for (let a = 0; a <= 1 + 1e-9; a += step) {
    for (let b = 0; a + b <= 1 + 1e-9; b += step) {
      best = Math.min(best, sse(members, y, [a, b, 1 - a - b]));
    }
  }
  const got = sse(members, y, w);
  ok(got <= best * (1 + 1e-9), `${got} vs grid ${best}`);
});

Deno.test("simplexWeights() gives all weight to a perfect member and skips NaN rows", () => {
  const y = [1, 5, 2, 8, NaN, 3];
  const w = simplexWeights([[0, 0, 0, 0, 0, 0], [1, 5, 2, 8, 4, NaN], [2, 2, 2, 2, 2, 2]], y);
  ok(w[1]! > 0.9999, `${w}`);
});

Deno.test("projectToSimplex() projects as by hand", () => {
  const close = (a: number[], b: number[]) =>
    ok(a.every((x, i) => Math.abs(x - b[i]!) < 1e-12), `${a} vs ${b}`);
  close(projectToSimplex([0.2, 0.2, 0.2]), [1 / 3, 1 / 3, 1 / 3]);
  deepEqual(projectToSimplex([3, 1, -1]), [1, 0, 0]);
  close(projectToSimplex([0.8, 0.6]), [0.6, 0.4]);
});

Deno.test("simplexWeights() refuses no members, mismatched lengths and no usable row", () => {
  throws(() => simplexWeights([], [1]), /without members/);
  throws(() => simplexWeights([[1, 2]], [1]), /2 forecasts for 1 actuals/);
  throws(() => simplexWeights([[NaN]], [1]), /no row/);
});
