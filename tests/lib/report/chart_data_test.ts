import { assert, assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { assertClose } from "../../_helpers/assert_close.ts";
import {
  chooseWeek,
  errorByHour,
  errorBySegment,
  forecastSeries,
  stepTime,
} from "../../../lib/report/chart_data.ts";
import { compareResults } from "../../../lib/report/comparison.ts";
import { loaded, results, twoFiles, ZERO_SHOT } from "./_fixtures.ts";

const at = (hhmm: string) => Date.parse(`2018-11-01T${hhmm}:00+09:00`);

Deno.test("forecastSeries() keeps one value per time step, the shortest lead winning", () => {
  const c = compareResults(twoFiles());
  const zs = c.models.find((m) => m.name === "chronos-2 zero-shot")!;
  const s = forecastSeries(c, zs, -Infinity, Infinity);
  assertEquals(s.x, ["00:15", "00:30", "00:45", "01:00", "01:15"].map(at));
  assertEquals(s.actual, [10, 12, 14, 13, 11]);
  // windows 0..3 at lead 0, then window 3 at lead 1
  assertEquals(s.point, [11, 12, 13, 13, 12]);
  assertEquals(s.lower, [9, 10, 11, 11, 10]);
  assertEquals(s.upper, [13, 14, 15, 15, 14]);
  assertEquals(s.bandLevels, [0.1, 0.9]);
  const p = forecastSeries(c, c.models[0]!, at("00:15"), at("00:45"));
  assertEquals(p.x, [at("00:30"), at("00:45")], "the start is exclusive, the end inclusive");
  assert(p.lower.every(Number.isNaN) && p.bandLevels === undefined, "persistence has no band");
});

Deno.test("forecastSeries() inserts a NaN row at gaps between windows", () => {
  const r = results([ZERO_SHOT]);
  r.origins = [100, 101, 110, 111];
  r.timestamps = ["00:15", "00:30", "02:45", "03:00"].map((t) => `2018-11-01T${t}:00+09:00`);
  r.config.predictionLength = 1;
  r.actuals = [[1], [2], [3], [4]];
  r.models[0]!.point = [[1], [2], [3], [4]];
  r.models[0]!.quantiles = r.actuals.map((a) => [a, a, a]);
  const c = compareResults([loaded("a", r)]);
  const s = forecastSeries(c, c.models[0]!, -Infinity, Infinity);
  assertEquals(s.point, [1, 2, NaN, 3, 4]);
});

Deno.test("stepTime() needs the frequency for steps after the first", () => {
  const r = results([ZERO_SHOT]);
  r.origins = [100];
  r.timestamps = [r.timestamps[0]!];
  r.actuals = [r.actuals[0]!];
  r.loadType = ["Light_Load"];
  r.models[0]!.point = [r.models[0]!.point[0]!];
  r.models[0]!.quantiles = [r.models[0]!.quantiles![0]!];
  const c = compareResults([loaded("a", r)]);
  assertEquals(c.frequencyMs, undefined);
  assertEquals(stepTime(c, 0, 0), at("00:15"));
  assertThrows(() => stepTime(c, 0, 1), { name: "RangeError", message: /frequencyMs/ });
  r.config.frequencyMs = 900_000;
  assertEquals(stepTime(compareResults([loaded("a", r)]), 0, 1), at("00:30"));
});

Deno.test("errorByHour() averages absolute errors by the hour each interval starts in", () => {
  const c = compareResults(twoFiles());
  const e = errorByHour(c);
  assertEquals(e.groups.length, 24);
  // Steps stamped 00:15..01:00 cover hour 0 (7 steps); 01:15 covers 01:00–01:15, hour 1.
  assertEquals(e.counts.slice(0, 3), [7, 1, 0]);
  const byName = Object.fromEntries(e.series.map((s) => [s.name, s.values]));
  // persistence |errors| hour 0: 1,3,2,4,2,1,1 → 14/7; hour 1: 3
  assertClose(byName["persistence"]!.slice(0, 2), [2, 3]);
  // zero-shot |errors| hour 0: 1,0,0,1,1,0,0 → 3/7; hour 1: 1
  assertClose(byName["chronos-2 zero-shot"]!.slice(0, 2), [3 / 7, 1]);
  assert(Number.isNaN(byName["persistence"]![2]!));
  const utc = errorByHour(c, { offsetMinutes: 0 });
  assertEquals(utc.counts[15], 7, "00:15+09:00 is 15:15 UTC, hour 15");
});

Deno.test("errorBySegment() groups windows by their segment, in the order given, else sorted", () => {
  const c = compareResults(twoFiles());
  assertEquals(errorBySegment(c)!.groups, ["Light_Load", "Maximum_Load", "Medium_Load"]);
  assertEquals(errorBySegment(c, ["Medium_Load"])!.groups, [
    "Medium_Load",
    "Light_Load",
    "Maximum_Load",
  ]);
  const e = errorBySegment(c, ["Light_Load", "Medium_Load", "Maximum_Load"])!;
  assertEquals(e.groups, ["Light_Load", "Medium_Load", "Maximum_Load"]);
  assertEquals(e.counts, [4, 2, 2]);
  const byName = Object.fromEntries(e.series.map((s) => [s.name, s.values]));
  assertClose(byName["persistence"]!, [10 / 4, 3 / 2, 4 / 2]);
  assertClose(byName["chronos-2 zero-shot"]!, [0.5, 0.5, 0.5]);
  const r = results([ZERO_SHOT]);
  delete r.loadType;
  assertEquals(errorBySegment(compareResults([loaded("a", r)])), undefined);
});

Deno.test("chooseWeek() picks the busiest week or checks the one asked for", () => {
  const c = compareResults(twoFiles());
  const w = chooseWeek(c);
  assertEquals(w.day, "2018-11-01");
  assertEquals(w.start, at("00:00"));
  assertEquals(w.end - w.start, 7 * 86_400_000);
  assertEquals(chooseWeek(c, "2018-10-29").day, "2018-10-29");
  assertThrows(() => chooseWeek(c, "2018-11-05"), {
    name: "RangeError",
    message: 'Cannot plot week "2018-11-05": no forecast falls in it; the windows cover ' +
      "2018-11-01 to 2018-11-01",
  });
  assertThrows(() => chooseWeek(c, "2018-02-30"), /give its first day as YYYY-MM-DD/);
  assertThrows(() => chooseWeek(c, "1 Nov"), /give its first day as YYYY-MM-DD/);
});
