import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { seasonalScale } from "../../../lib/metrics/seasonal_scale.ts";

Deno.test("seasonalScale() is the mean absolute seasonal difference", () => {
  // period 1: |3−1| + |2−3| + |5−2| + |4−5| = 7 over 4 pairs
  assertEquals(seasonalScale([1, 3, 2, 5, 4], 1), 1.75);
  // period 2: |2−1| + |5−3| + |4−2| = 5 over 3 pairs
  assertEquals(seasonalScale([1, 3, 2, 5, 4], 2), 5 / 3);
  // NaN pairs skipped: [1, NaN, 4, 6], period 1 → only |6−4| = 2
  assertEquals(seasonalScale(new Float64Array([1, NaN, 4, 6]), 1), 2);
});

Deno.test("seasonalScale() rejects bad periods and too short series", () => {
  assertThrows(() => seasonalScale([1, 2, 3], 0), RangeError);
  assertThrows(() => seasonalScale([1, 2, 3], 1.5), RangeError);
  assertThrows(() => seasonalScale([1, 2, 3], 3), /need more values than the period/);
});
