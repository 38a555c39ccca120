import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { rollingOrigins } from "../../../lib/evaluate/rolling_origins.ts";

Deno.test("rollingOrigins() lists every origin whose window fits in the split", () => {
  // rows 10..14, H = 2: windows [10,11] … [13,14]
  assertEquals(rollingOrigins({ start: 10, end: 15 }, 2), [10, 11, 12, 13]);
  // dataset.md test split, H = 1: 5,256 origins 29,784 … 35,039
  const test = rollingOrigins({ start: 29784, end: 35040 }, 1);
  assertEquals([test.length, test[0], test.at(-1)], [5256, 29784, 35039]);
});

Deno.test("rollingOrigins() honours the stride and the minimum history", () => {
  assertEquals(rollingOrigins({ start: 0, end: 10 }, 3, { stride: 3 }), [0, 3, 6]);
  assertEquals(rollingOrigins({ start: 0, end: 10 }, 1, { minHistory: 7 }), [7, 8, 9]);
});

Deno.test("rollingOrigins() spreads maxPredictions evenly over the whole split", () => {
  // 100 candidates 0..99, 5 picks at round(k·99/4): 0, 25 (24.75), 50 (49.5), 74 (74.25), 99
  assertEquals(rollingOrigins({ start: 0, end: 100 }, 1, { maxPredictions: 5 }), [
    0,
    25,
    50,
    74,
    99,
  ]);
  // With a stride the picks are among the strided candidates 0, 10, …, 90.
  assertEquals(rollingOrigins({ start: 0, end: 100 }, 1, { stride: 10, maxPredictions: 3 }), [
    0,
    50,
    90,
  ]);
  assertEquals(rollingOrigins({ start: 0, end: 100 }, 1, { maxPredictions: 1 }), [49]);
  // A cap above the number of candidates keeps them all.
  assertEquals(rollingOrigins({ start: 0, end: 3 }, 1, { maxPredictions: 10 }), [0, 1, 2]);
  // Not bunched at the start: the picks reach the end of a large split.
  const picks = rollingOrigins({ start: 29784, end: 35040 }, 24, { maxPredictions: 64 });
  assertEquals([picks.length, picks[0], picks.at(-1)], [64, 29784, 35040 - 24]);
});

Deno.test("rollingOrigins() rejects bad options and splits too short for the prediction length", () => {
  assertThrows(() => rollingOrigins({ start: 0, end: 10 }, 0), {
    name: "RangeError",
    message: "The prediction length must be a whole number of at least 1: got 0",
  });
  assertThrows(() => rollingOrigins({ start: 0, end: 10 }, 1, { stride: 0 }), RangeError);
  assertThrows(() => rollingOrigins({ start: 0, end: 10 }, 1, { maxPredictions: -1 }), RangeError);
  assertThrows(() => rollingOrigins({ start: 0, end: 10 }, 11), /Cannot place a 11-step window/);
  assertThrows(
    () => rollingOrigins({ start: 0, end: 10 }, 2, { minHistory: 9 }),
    /9 rows of history/,
  );
});
