import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import {
  createTimestampParser,
  formatTimestamp,
  parseUtcOffset,
} from "../../../lib/data/timestamp.ts";

Deno.test("parseUtcOffset() reads Z, ±HH:MM, ±HHMM, ±HH and minutes", () => {
  assertEquals(parseUtcOffset("Z"), 0);
  assertEquals(parseUtcOffset("+09:00"), 540);
  assertEquals(parseUtcOffset("-0530"), -330);
  assertEquals(parseUtcOffset("+01"), 60);
  assertEquals(parseUtcOffset(-120), -120);
  assertThrows(() => parseUtcOffset("KST"), /Cannot read the UTC offset "KST"/);
  assertThrows(() => parseUtcOffset(19 * 60), RangeError);
  assertThrows(() => parseUtcOffset(1.5), RangeError);
});

Deno.test("createTimestampParser() reads day-first dates in a fixed zone", () => {
  const p = createTimestampParser("%d/%m/%Y %H:%M", 540);
  // 02/01/2018 09:00 at +09:00 is 2018-01-02 00:00 UTC (day first: 2 January, not 1 February).
  assertEquals(p("02/01/2018 09:00"), Date.UTC(2018, 0, 2, 0, 0));
  assertEquals(p("13/01/2018 00:15"), Date.UTC(2018, 0, 12, 15, 15));
  assertEquals(p("1/2/2018 0:15"), Date.UTC(2018, 0, 31, 15, 15)); // 1-digit fields
  for (const bad of ["31/02/2018 10:00", "01/13/2018 10:00", "01/01/2018 24:00", "x", ""]) {
    assertEquals(p(bad), undefined, bad);
  }
});

Deno.test("createTimestampParser() handles seconds, fractions and literals", () => {
  const p = createTimestampParser("%Y.%m.%d T%H%M%S.%f", 0);
  assertEquals(p("2020.02.29 T235959.5"), Date.UTC(2020, 1, 29, 23, 59, 59, 500));
  assertEquals(p("2021.02.29 T235959.5"), undefined); // not a leap year
});

Deno.test("createTimestampParser('iso') uses the zone in the text, else the default", () => {
  const p = createTimestampParser("iso", 60);
  assertEquals(p("2018-01-01T00:15:00Z"), Date.UTC(2018, 0, 1, 0, 15));
  assertEquals(p("2018-01-01 00:15"), Date.UTC(2017, 11, 31, 23, 15));
  assertEquals(p("2018-01-01T09:15:00+09:00"), Date.UTC(2018, 0, 1, 0, 15));
  assertEquals(p("2018-01-01"), Date.UTC(2017, 11, 31, 23, 0));
  assertEquals(p("2018-01-01T00:00:00.250Z"), Date.UTC(2018, 0, 1, 0, 0, 0, 250));
  assertEquals(p("01/01/2018"), undefined);
});

Deno.test("createTimestampParser() rejects unknown tokens and incomplete formats", () => {
  assertThrows(() => createTimestampParser("%d/%m/%y", 0), SyntaxError);
  assertThrows(() => createTimestampParser("%H:%M", 0), /needs %Y, %m and %d/);
});

Deno.test("formatTimestamp() writes local time with the offset", () => {
  assertEquals(formatTimestamp(Date.UTC(2018, 11, 31, 15, 0), 540), "2019-01-01T00:00:00+09:00");
  assertEquals(formatTimestamp(Date.UTC(2018, 0, 1, 12, 0), -330), "2018-01-01T06:30:00-05:30");
  assertEquals(formatTimestamp(Date.UTC(2018, 0, 1, 12, 0, 0, 5), 0), "2018-01-01T12:00:00.005Z");
});
