import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { seasonalNaive } from "../../../lib/baselines/seasonal_naive.ts";

Deno.test("seasonalNaive() predicts the value one period earlier, cycling past one period", () => {
  const f = seasonalNaive(3);
  assertEquals(f.name, "seasonal naive 3");
  // history [0, 1, 2, 3, 4], L = 5: step h gets y[5 − 3 + (h mod 3)] = y[2], y[3], y[4], y[2]
  assertEquals(Array.from(f.forecastHistory(new Float64Array([0, 1, 2, 3, 4]), 4)), [2, 3, 4, 2]);
  assertEquals(seasonalNaive(96, "daily naive").name, "daily naive");
});

Deno.test("seasonalNaive() steps back whole seasons over NaN values", () => {
  const f = seasonalNaive(2);
  // L = 5: h=0 → y[3] = NaN → y[1] = 10; h=1 → y[4] = 4
  assertEquals(Array.from(f.forecastHistory(new Float64Array([0, 10, 2, NaN, 4]), 2)), [10, 4]);
});

Deno.test("seasonalNaive() rejects bad periods and short histories", () => {
  assertThrows(() => seasonalNaive(0), RangeError);
  assertThrows(() => seasonalNaive(2.5), RangeError);
  assertThrows(
    () => seasonalNaive(4).forecastHistory(new Float64Array([1, 2, 3]), 1),
    /fewer than the period 4/,
  );
});
