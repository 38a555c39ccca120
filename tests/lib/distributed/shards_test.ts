import assert from "node:assert/strict";
import { planShards } from "../../../lib/distributed/shards.ts";

Deno.test("planShards() covers every origin exactly once, in order, on batch boundaries", () => {
  for (const count of [0, 1, 5, 511, 512, 513, 5256]) {
    for (const align of [1, 7, 512]) {
      for (const shards of [1, 2, 3, 8, 100]) {
        const plan = planShards(count, { align, shards });
        const covered: number[] = [];
        plan.forEach((s, i) => {
          assert.equal(s.index, i);
          assert.ok(s.end > s.start, `empty shard ${JSON.stringify(s)}`);
          assert.equal(s.start % align, 0, "a shard starts inside a batch");
          if (i < plan.length - 1) assert.equal(s.end % align, 0, "a shard ends inside a batch");
          for (let o = s.start; o < s.end; o++) covered.push(o);
        });
        assert.deepEqual(covered, Array.from({ length: count }, (_, o) => o));
        assert.ok(plan.length <= shards);
        assert.equal(plan.length, Math.min(shards, Math.ceil(count / align)));
      }
    }
  }
});

Deno.test("planShards() balances whole batches: 5256 origins, 512 a batch, 3 shards", () => {
  // 11 batches (10 full + 1 of 136) → 3 + 4 + 4 batches.
  assert.deepEqual(planShards(5256, { align: 512, shards: 3 }), [
    { index: 0, start: 0, end: 1536 },
    { index: 1, start: 1536, end: 3584 },
    { index: 2, start: 3584, end: 5256 },
  ]);
});

Deno.test("planShards() rejects counts that are not integers or below their minimum", () => {
  assert.throws(() => planShards(-1), RangeError);
  assert.throws(() => planShards(3, { align: 0 }), /align must be an integer ≥ 1, got 0/);
  assert.throws(() => planShards(3, { shards: 1.5 }), /shards must be an integer ≥ 1/);
});
