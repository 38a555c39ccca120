import { assert, assertEquals, assertThrows } from "../../_helpers/assert.ts";
import {
  checkComparable,
  firstDifference,
  selectNewestComparable,
} from "../../../lib/report/comparable.ts";
import { FINETUNED, loaded, PERSISTENCE, results, ZERO_SHOT } from "./_fixtures.ts";

Deno.test("checkComparable() names a different split, horizon, origin count, timestamps and actuals", () => {
  const a = loaded("a", results([ZERO_SHOT]));
  const b = results([ZERO_SHOT]);
  b.config.split = "val";
  b.config.predictionLength = 1;
  const c = results([ZERO_SHOT]);
  c.origins = c.origins.slice(0, 3);
  const d = results([ZERO_SHOT]);
  d.timestamps[1] = "2018-11-01T00:31:00+09:00";
  const e = results([ZERO_SHOT]);
  e.actuals[2]![1] = 13.5;
  assertEquals(
    checkComparable([a, loaded("b", b), loaded("c", c), loaded("d", d), loaded("e", e)]),
    [
      'split: "test" in a, "val" in b',
      "prediction length: 2 in a, 1 in b",
      "number of origins: 4 in a, 3 in c",
      'timestamps: window 2 (row 101) is at "2018-11-01T00:30:00+09:00" in a, ' +
      '"2018-11-01T00:31:00+09:00" in d (different data?)',
      "actual values: window 3 (row 102), step 2 is 13 in a, 13.5 in e (different data files?)",
    ],
  );
});

Deno.test("checkComparable() accepts actuals that differ only by float32 rounding", () => {
  const a = results([ZERO_SHOT]);
  a.actuals[0]![0] = 10.3;
  const b = results([ZERO_SHOT]);
  b.actuals[0]![0] = Math.fround(10.3);
  assert(b.actuals[0]![0] !== 10.3);
  assertEquals(checkComparable([loaded("a", a), loaded("b", b)]), []);
});

Deno.test("firstDifference() finds the first cell that differs, rows of b may be short", () => {
  assertEquals(firstDifference([[1, 2], [3, 4]], [[1, 2], [3, 4]]), undefined);
  assertEquals(firstDifference([[1, NaN], [3, 4]], [[1, NaN], [3]]), [1, 1]);
  assertEquals(firstDifference([[1, 2]], [[1.5, 2]]), [0, 0]);
});

Deno.test("selectNewestComparable() keeps the group of the newest file and says why others are out", () => {
  const at = (createdAt: string, origins?: number[]) => {
    const r = results([ZERO_SHOT], { createdAt });
    if (origins) r.origins = origins;
    return r;
  };
  const every = loaded("every", at("2024-05-03T00:00:00Z", [100, 101, 110, 111]));
  const old = loaded("old", at("2024-05-01T00:00:00Z"));
  const tuned = loaded("tuned", { ...at("2024-05-02T00:00:00Z"), models: [FINETUNED] });
  const base = loaded("base", { ...at("2024-05-04T00:00:00Z"), models: [PERSISTENCE] });
  const s = selectNewestComparable([every, old, tuned, base]);
  assertEquals(s.newest.label, "base");
  assertEquals(s.chosen.map((f) => f.label), ["old", "tuned", "base"]);
  assertEquals(s.leftOut.map((l) => [l.file.label, l.differences]), [
    ["every", ["origins: window 3 starts at row 102 in base, 110 in every"]],
  ]);
  const alone = selectNewestComparable([old, every]);
  assertEquals([alone.newest.label, alone.chosen.length, alone.leftOut.length], ["every", 1, 1]);
  assert(alone.leftOut[0]!.differences[0]!.startsWith("origins"));
  assertThrows(() => selectNewestComparable([]), RangeError);
});
