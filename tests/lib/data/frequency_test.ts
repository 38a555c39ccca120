import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { formatDuration, parseFrequency } from "../../../lib/data/frequency.ts";

Deno.test("parseFrequency() reads counts with units and plain milliseconds", () => {
  assertEquals(parseFrequency("15min"), 900_000);
  assertEquals(parseFrequency("1h"), 3_600_000);
  assertEquals(parseFrequency("h"), 3_600_000);
  assertEquals(parseFrequency("30 s"), 30_000);
  assertEquals(parseFrequency("1d"), 86_400_000);
  assertEquals(parseFrequency(500), 500);
  assertThrows(() => parseFrequency("15 parsecs"), /Cannot read the frequency "15 parsecs"/);
  assertThrows(() => parseFrequency(0), RangeError);
  assertThrows(() => parseFrequency("0.5ms"), RangeError);
});

Deno.test("formatDuration() picks the largest whole unit", () => {
  assertEquals(formatDuration(900_000), "15 min");
  assertEquals(formatDuration(7_200_000), "2 h");
  assertEquals(formatDuration(86_400_000 * 2), "2 d");
  assertEquals(formatDuration(1500), "1500 ms");
});
