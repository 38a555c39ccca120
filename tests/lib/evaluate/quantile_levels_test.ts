import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { assertClose } from "../../_helpers/assert_close.ts";
import { blendLevel, planLevels } from "../../../lib/evaluate/quantile_levels.ts";

const CHRONOS_LEVELS = [
  0.01,
  0.05,
  0.1,
  0.15,
  0.2,
  0.25,
  0.3,
  0.35,
  0.4,
  0.45,
  0.5,
  0.55,
  0.6,
  0.65,
  0.7,
  0.75,
  0.8,
  0.85,
  0.9,
  0.95,
  0.99,
];

Deno.test("planLevels() takes the model's own levels as they are", () => {
  const plan = planLevels(CHRONOS_LEVELS, [0.1, 0.5, 0.9]);
  assertEquals(plan, [{ lo: 2, hi: 2, w: 0 }, { lo: 10, hi: 10, w: 0 }, { lo: 18, hi: 18, w: 0 }]);
});

Deno.test("planLevels() interpolates linearly and clamps outside the range with a warning", () => {
  // values = 100 * level, so a linear interpolation must give 100 * q exactly
  const values = CHRONOS_LEVELS.map((q) => 100 * q);
  const warnings: string[] = [];
  const req = [0.025, 0.5, 0.975, 0.001, 0.999];
  const plan = planLevels(CHRONOS_LEVELS, req, (m) => warnings.push(m));
  const got = plan.map((p) => blendLevel(values, 0, 1, p));
  assertClose(got, [2.5, 50, 97.5, 1, 99], { atol: 1e-9 });
  assertEquals(warnings.length, 1);
  assertEquals(/0\.001, 0\.999/.test(warnings[0]!), true);
});

Deno.test("blendLevel() reads strided values", () => {
  // layout [Q=3, H=2]: step 1 of each level
  const v = [1, 10, 2, 20, 3, 30];
  assertEquals(blendLevel(v, 1, 2, { lo: 1, hi: 2, w: 0.5 }), 25);
});

Deno.test("planLevels() rejects levels outside (0, 1) and unsorted model levels", () => {
  assertThrows(() => planLevels(CHRONOS_LEVELS, [0]), RangeError);
  assertThrows(() => planLevels(CHRONOS_LEVELS, [1]), RangeError);
  assertThrows(() => planLevels([0.5, 0.1], [0.3]), RangeError);
  assertThrows(() => planLevels([], [0.3]), RangeError);
});
