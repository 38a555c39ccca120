import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { seasonalPeriods, segmentsAt } from "../../../lib/datasets/spec.ts";

Deno.test("seasonalPeriods() derives a day and a week of steps from the frequency", () => {
  assertEquals(seasonalPeriods({}, 900_000), { seasonalPeriod: 96, weeklyPeriod: 672 });
  assertEquals(seasonalPeriods({}, 86_400_000), { seasonalPeriod: 1, weeklyPeriod: 7 });
});

Deno.test("seasonalPeriods() keeps the spec's periods over the frequency", () => {
  assertEquals(seasonalPeriods({ seasonalPeriod: 12 }, 3_600_000), {
    seasonalPeriod: 12,
    weeklyPeriod: 168,
  });
});

Deno.test("seasonalPeriods() refuses a step that does not divide a day, naming the field to set", () => {
  assertThrows(() => seasonalPeriods({}, 7 * 60_000), {
    name: "RangeError",
    message:
      "Cannot derive the daily period from a step of 420000 ms: set the dataset's seasonalPeriod in steps",
  });
  // weekly data: no whole day of steps, but the periods can be given
  assertEquals(seasonalPeriods({ seasonalPeriod: 52, weeklyPeriod: 1 }, 7 * 86_400_000), {
    seasonalPeriod: 52,
    weeklyPeriod: 1,
  });
});

Deno.test("segmentsAt() reads the segment column at each origin, or nothing", () => {
  const data = { labels: { Kind: ["a", "b", "c"], Other: ["x", "y", "z"] } };
  assertEquals(segmentsAt({ segmentColumn: "Kind" }, data, [2, 0]), ["c", "a"]);
  assertEquals(segmentsAt({}, data, [0]), undefined);
  assertEquals(segmentsAt({ segmentColumn: "Missing" }, data, [0]), undefined);
  assertEquals(segmentsAt({ segmentColumn: "Kind" }, {}, [0]), undefined);
});
