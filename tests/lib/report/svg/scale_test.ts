import { assertEquals } from "../../../_helpers/assert.ts";
import {
  formatTick,
  formatTimeTick,
  linearScale,
  niceDomain,
  niceTicks,
  timeTicks,
} from "../../../../lib/report/svg/scale.ts";

Deno.test("linearScale() maps the domain onto the range, inverted ranges included", () => {
  const s = linearScale([10, 20], [400, 100]);
  assertEquals([s.map(10), s.map(15), s.map(20), s.map(25)], [400, 250, 100, -50]);
  const flat = linearScale([5, 5], [0, 100]);
  assertEquals(flat.map(5), 50, "a constant domain is widened around its value");
});

Deno.test("niceTicks() and niceDomain() use steps of 1, 2 and 5", () => {
  assertEquals(niceTicks(0, 97, 5), [0, 20, 40, 60, 80]);
  assertEquals(niceTicks(-0.13, 0.42, 5), [-0.1, 0, 0.1, 0.2, 0.3, 0.4]);
  assertEquals(niceTicks(2, 2), [2]);
  assertEquals(niceTicks(NaN, 1), []);
  assertEquals(niceDomain(3, 97, 5), [0, 100]);
  assertEquals(niceDomain(0.8, 1.23, 5), [0.8, 1.3]);
  assertEquals(niceDomain(4, 4), [0, 4]);
});

Deno.test("formatTick() writes the decimals the step needs", () => {
  assertEquals(formatTick(0.30000000000000004, 0.1), "0.3");
  assertEquals(formatTick(20, 20), "20");
  assertEquals(formatTick(2500, 500), "2,500");
  assertEquals(formatTick(0.05, 0.05), "0.05");
});

Deno.test("timeTicks() aligns to local midnights and hours in a fixed offset", () => {
  const start = Date.parse("2018-11-01T00:00:00+09:00");
  const week = timeTicks(start + 1, start + 7 * 86_400_000, 540, 8);
  assertEquals(week.daily, true);
  assertEquals(week.ticks.length, 7);
  assertEquals(week.ticks[0], Date.parse("2018-11-02T00:00:00+09:00"));
  const day = timeTicks(start, start + 86_400_000, 540, 8);
  assertEquals(day.daily, false);
  assertEquals(day.ticks.map((t) => formatTimeTick(t, 540, false)), [
    "00:00",
    "03:00",
    "06:00",
    "09:00",
    "12:00",
    "15:00",
    "18:00",
    "21:00",
    "00:00",
  ]);
  assertEquals(formatTimeTick(start, 540, true), "Thu 01 Nov");
  assertEquals(formatTimeTick(start, 0, true), "Wed 31 Oct", "the same instant in UTC");
});
