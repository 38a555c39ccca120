import { deepEqual, ok, throws } from "node:assert/strict";
import { applyStack, fitStack } from "../../../lib/ensemble/stacking.ts";
import { seededRandom } from "../../_helpers/random.ts";

Deno.test("fitStack() recovers the coefficients of a noise-free linear combination", () => {
  const rnd = seededRandom(5);
  const a = Array.from({ length: 200 }, () => rnd() * 50);
  const b = Array.from({ length: 200 }, () => rnd() * 50);
  const y = a.map((v, i) => 4 + 0.7 * v + 0.2 * b[i]!);
  const s = fitStack([a, b], y);
  ok(Math.abs(s.intercept - 4) < 1e-3, `${s.intercept}`);
  ok(Math.abs(s.coefficients[0]! - 0.7) < 1e-4 && Math.abs(s.coefficients[1]! - 0.2) < 1e-4);
  const fitted = applyStack(s, [a, b]);
  for (let i = 0; i < 200; i++) ok(Math.abs(fitted[i]! - y[i]!) < 1e-2);
});

Deno.test("fitStack() equals ordinary least squares (normal equations by hand) for one member", () => {
  const rnd = seededRandom(8);
  const f = Array.from({ length: 100 }, () => rnd() * 10);
  const y = f.map((v) => 2 * v + 1 + (rnd() - 0.5));
  // Closed form: slope = cov(f, y) / var(f), intercept = ȳ − slope·f̄.
  const mf = f.reduce((p, q) => p + q) / 100;
  const my = y.reduce((p, q) => p + q) / 100;
  let cov = 0;
  let v = 0;
  for (let i = 0; i < 100; i++) {
    cov += (f[i]! - mf) * (y[i]! - my);
    v += (f[i]! - mf) ** 2;
  }
  const slope = cov / v;
  const s = fitStack([f], y, 0);
  ok(Math.abs(s.coefficients[0]! - slope) < 1e-9);
  ok(Math.abs(s.intercept - (my - slope * mf)) < 1e-9);
});

Deno.test("fitStack() skips non-finite rows and refuses too few rows", () => {
  const s = fitStack([[1, 2, 3, NaN, 5]], [3, 5, 7, 100, 11], 0);
  ok(Math.abs(s.coefficients[0]! - 2) < 1e-9 && Math.abs(s.intercept - 1) < 1e-9);
  throws(() => fitStack([[1, 2]], [1, 2]), /usable rows/);
  throws(() => fitStack([], [1]), /without members/);
  deepEqual([...applyStack({ intercept: 0, coefficients: [1] }, [[NaN]])], [NaN]);
});
