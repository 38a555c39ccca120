import { assert, assertEquals, assertMatch } from "../../_helpers/assert.ts";
import { formatSummary, summarizeSeries } from "../../../lib/data/summary.ts";
import type { TimeSeriesData } from "../../../lib/data/types.ts";

// 10 rows every hour from 2024-01-01T00:00+01:00; target 0..9 with one NaN.
const DATA: TimeSeriesData = {
  source: "toy.csv",
  timestamps: Float64Array.from({ length: 10 }, (_, i) => Date.UTC(2023, 11, 31, 23 + i)),
  frequencyMs: 3_600_000,
  targetName: "y",
  target: new Float64Array([0, 1, 2, 3, NaN, 5, 6, 7, 8, 9]),
  covariates: [{ name: "c", values: new Float64Array(10).fill(2), knownInAdvance: true }],
  labels: { kind: ["a", "a", "b", "a", "b", "a", "a", "a", "a", "c"] },
  utcOffsetMinutes: 60,
};

Deno.test("summarizeSeries() gives rows, span, statistics, label counts and splits", () => {
  const s = summarizeSeries(DATA);
  assertEquals([s.rows, s.first, s.last, s.frequency], [
    10,
    "2024-01-01T00:00:00+01:00",
    "2024-01-01T09:00:00+01:00",
    "1 h",
  ]);
  // y without the NaN: 0,1,2,3,5,6,7,8,9 → mean 41/9; Σ(y−ȳ)² = Σy² − 9ȳ² = 269 − 1681/9 = 740/9
  const y = s.columns[0]!;
  assertEquals([y.name, y.min, y.max, y.missing], ["y", 0, 9, 1]);
  assert(Math.abs(y.mean - 41 / 9) < 1e-12);
  assert(Math.abs(y.std - Math.sqrt(740 / 9 / 8)) < 1e-12);
  assertEquals([s.columns[1]!.mean, s.columns[1]!.std], [2, 0]);
  assertEquals(s.labelCounts, { kind: { a: 7, b: 2, c: 1 } });
  // 70/15/15 of 10 rows: train 0..6, val 7..7 (floor 8.5 = 8), test 8..9
  assertEquals(s.splits.train, {
    start: 0,
    end: 7,
    rows: 7,
    first: "2024-01-01T00:00:00+01:00",
    last: "2024-01-01T06:00:00+01:00",
  });
  assertEquals([s.splits.val.start, s.splits.val.end, s.splits.test.start], [7, 8, 8]);
  assertEquals(summarizeSeries(DATA, { train: 0.5, val: 0.2 }).splits.test.start, 7);
});

Deno.test("formatSummary() writes one line per column and per split", () => {
  const text = formatSummary(summarizeSeries(DATA));
  assertMatch(
    text,
    /^10 rows, every 1 h, 2024-01-01T00:00:00\+01:00 to 2024-01-01T09:00:00\+01:00$/m,
  );
  assertMatch(text, /^y\s+0\s+9\s+4\.5555556\s+\S+\s+1$/m);
  assertMatch(text, /^kind: a 7, b 2, c 1$/m);
  assertMatch(text, /^test\s+8–9\s+2\s+2024-01-01T08:00:00\+01:00\s+2024-01-01T09:00:00\+01:00$/m);
});
