import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { DEFAULT_LIMITS, resolveLimits } from "../../../lib/serve/limits.ts";

Deno.test("resolveLimits() fills in the defaults around what is given", () => {
  const l = resolveLimits({ request: { maxSeries: 3 }, cache: { maxEntries: 0 } });
  assertEquals(l.request.maxSeries, 3);
  assertEquals(l.request.maxSeriesLength, DEFAULT_LIMITS.request.maxSeriesLength);
  assertEquals(l.cache.maxEntries, 0);
  assertEquals(l.batch, DEFAULT_LIMITS.batch);
  assertEquals(DEFAULT_LIMITS.deadlineMs, 30_000);
});

Deno.test("resolveLimits() names a limit that is not a positive number", () => {
  assertThrows(() => resolveLimits({ request: { maxSeries: 0 } }), /maxSeries/);
  assertThrows(() => resolveLimits({ batch: { maxQueue: NaN } }), /maxQueue/);
  assertThrows(() => resolveLimits({ deadlineMs: -1 }), /deadlineMs/);
  assertEquals(resolveLimits({ batch: { maxWaitMs: 0 } }).batch.maxWaitMs, 0);
});
