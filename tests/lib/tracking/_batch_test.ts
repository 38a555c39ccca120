import { assert, assertEquals, assertStrictEquals } from "../../_helpers/assert.ts";
import { BATCH_LIMITS, splitBatch } from "../../../lib/tracking/_batch.ts";

Deno.test("splitBatch() respects every limit and keeps params, tags, metrics in order", () => {
  const params = Array.from({ length: 250 }, (_, i) => ({ key: `p${i}`, value: "v" }));
  const tags = Array.from({ length: 120 }, (_, i) => ({ key: `t${i}`, value: "v" }));
  const metrics = Array.from(
    { length: 2100 },
    (_, i) => ({ key: "m", value: i, timestamp: 1, step: i }),
  );
  const batches = splitBatch({ params, tags, metrics });
  for (const b of batches) {
    assert(b.params.length <= 100 && b.tags.length <= 100 && b.metrics.length <= 1000);
    assert(b.params.length + b.tags.length + b.metrics.length <= 1000);
  }
  assertEquals(batches.map((b) => [b.params.length, b.tags.length, b.metrics.length]), [
    [100, 0, 0],
    [100, 0, 0],
    [50, 100, 0],
    [0, 20, 980],
    [0, 0, 1000],
    [0, 0, 120],
  ]);
  assertEquals(batches.flatMap((b) => b.metrics.map((m) => m.step)), metrics.map((m) => m.step));
});

Deno.test("splitBatch() cuts by bytes and returns nothing for nothing", () => {
  assertEquals(splitBatch({}), []);
  const params = Array.from({ length: 100 }, (_, i) => ({ key: `p${i}`, value: "x".repeat(6000) }));
  const limits = { ...BATCH_LIMITS, bytes: 100_000 };
  const batches = splitBatch({ params }, limits);
  assertStrictEquals(batches.length, 7);
  for (const b of batches) {
    assert(JSON.stringify({ run_id: "x".repeat(32), ...b }).length <= 100_000);
  }
});
