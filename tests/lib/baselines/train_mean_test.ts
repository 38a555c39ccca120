import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { trainMean } from "../../../lib/baselines/train_mean.ts";

Deno.test("trainMean() predicts the mean of the training values, NaN skipped", () => {
  const f = trainMean(new Float64Array([1, NaN, 2, 6])); // (1 + 2 + 6)/3 = 3
  assertEquals(f.name, "train mean");
  assertEquals(Array.from(f.forecastHistory(new Float64Array([100]), 2)), [3, 3]);
});

Deno.test("trainMean() rejects an empty training part", () => {
  assertThrows(() => trainMean([]), RangeError);
  assertThrows(() => trainMean([NaN]), RangeError);
});
