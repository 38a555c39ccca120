import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { persistence } from "../../../lib/baselines/persistence.ts";

Deno.test("persistence() repeats the last known value", () => {
  const f = persistence();
  assertEquals(f.name, "persistence");
  assertEquals(Array.from(f.forecastHistory(new Float64Array([4, 7]), 3)), [7, 7, 7]);
  assertEquals(Array.from(f.forecastHistory(new Float64Array([4, NaN, NaN]), 1)), [4]);
});

Deno.test("persistence() rejects empty or all-NaN histories", () => {
  const f = persistence();
  assertThrows(() => f.forecastHistory(new Float64Array(0), 1), /history is empty/);
  assertThrows(() => f.forecastHistory(new Float64Array([NaN]), 1), /all NaN/);
});
