import { assert, assertEquals } from "../../_helpers/assert.ts";
import type { DataProblem } from "../../../lib/errors.ts";
import { buildTimeline } from "../../../lib/data/timeline.ts";

const M = 60_000;
function run(ts: number[], opts = {}) {
  const problems: DataProblem[] = [];
  const t = buildTimeline(new Float64Array(ts), opts, { add: (p) => problems.push(p) });
  return { t, problems };
}

Deno.test("buildTimeline() infers the frequency and keeps a regular series", () => {
  const { t, problems } = run([0, 15 * M, 30 * M]);
  assertEquals(problems, []);
  assertEquals(t!.frequencyMs, 15 * M);
  assertEquals(Array.from(t!.sourceRow), [0, 1, 2]);
});

Deno.test("buildTimeline() names duplicates with both rows", () => {
  const { t, problems } = run([0, M, M, 2 * M]);
  assertEquals(t, undefined);
  assertEquals(problems.length, 1);
  assertEquals(problems[0]!.kind, "duplicate-timestamp");
  assertEquals(problems[0]!.row, 3);
  assert(problems[0]!.message.includes("row 2 (line 3)"), problems[0]!.message);
});

Deno.test("buildTimeline() reports gaps with their size unless asked to fill them", () => {
  const { problems } = run([0, M, 4 * M], { frequencyMs: M });
  assertEquals(problems.map((p) => p.kind), ["gap"]);
  assert(problems[0]!.message.startsWith("2 missing 1 min step(s) between row 2"));
  const filled = run([0, M, 4 * M], { frequencyMs: M, fillGaps: true });
  assertEquals(filled.problems, []);
  assertEquals(Array.from(filled.t!.sourceRow), [0, 1, -1, -1, 2]);
  assertEquals(Array.from(filled.t!.timestamps), [0, M, 2 * M, 3 * M, 4 * M]);
});

Deno.test("buildTimeline() reports steps that are not multiples of the frequency", () => {
  const { problems } = run([0, 15 * M, 30 * M, 37 * M, 45 * M]);
  assertEquals(problems.map((p) => [p.kind, p.row]), [
    ["irregular-frequency", 4],
    ["irregular-frequency", 5],
  ]);
  assert(problems[0]!.message.includes("inferred frequency 15 min"));
});

Deno.test("buildTimeline() reports rows that go back in time, or sorts them on request", () => {
  const { problems } = run([0, 2 * M, M]);
  assertEquals(problems.map((p) => [p.kind, p.row]), [["other", 3]]);
  assert(problems[0]!.message.includes("sort: true"));
  const sorted = run([0, 2 * M, M], { sort: true });
  assertEquals(sorted.problems, []);
  assertEquals(Array.from(sorted.t!.sourceRow), [0, 2, 1]);
});

Deno.test("buildTimeline() needs rows, and two of them to infer a frequency", () => {
  assertEquals(run([]).problems.map((p) => p.kind), ["empty"]);
  assertEquals(run([5]).problems.map((p) => p.kind), ["too-short"]);
  assertEquals(run([5], { frequencyMs: M }).problems, []);
});

Deno.test("buildTimeline() refuses to fill an absurd number of rows", () => {
  const { problems } = run([0, 1e9], { frequencyMs: 1, fillGaps: true, maxRows: 1000 });
  assertEquals(problems.map((p) => p.kind), ["gap"]);
});
