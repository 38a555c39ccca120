import { assertEquals, assertRejects, assertStrictEquals } from "../../_helpers/assert.ts";
import { MetricStream } from "../../../lib/tracking/metric_stream.ts";
import type { MetricPoint } from "../../../lib/tracking/types.ts";

function sink() {
  const batches: MetricPoint[][] = [];
  return {
    batches,
    logMetricPoints: (p: readonly MetricPoint[]) => (batches.push([...p]), Promise.resolve()),
  };
}

Deno.test("MetricStream keeps each value's own step and time and sends them in batches", async () => {
  let t = 1000;
  const s = sink();
  const stream = new MetricStream(s, { intervalMs: 500, now: () => t });
  stream.add({ loss: 1, learning_rate: 0.1 }, 1); // 1000 - 0 >= 500: sent now
  t = 1100;
  stream.add({ loss: 0.9 }, 2); // within the interval: waits
  t = 1200;
  stream.add({ loss: 0.8 }, 3);
  await Promise.resolve();
  assertEquals(s.batches.length, 1);
  t = 1700;
  stream.add({ loss: 0.7, val_loss: NaN }, 4); // 500 ms after the first send
  await stream.flush();
  assertEquals(s.batches.map((b) => b.map((p) => `${p.key}@${p.step}:${p.timestamp}`)), [
    ["loss@1:1000", "learning_rate@1:1000"],
    ["loss@2:1100", "loss@3:1200", "loss@4:1700", "val_loss@4:1700"],
  ]);
  assertStrictEquals(stream.sent, 6);
});

Deno.test("MetricStream sends at once when maxPending points wait, and flush() sends the rest", async () => {
  const s = sink();
  const stream = new MetricStream(s, { intervalMs: 1e9, maxPending: 3, now: () => 5 });
  for (let i = 1; i <= 7; i++) stream.add({ loss: i }, i);
  await stream.flush();
  assertEquals(s.batches.flat().map((p) => p.step), [1, 2, 3, 4, 5, 6, 7]);
  assertStrictEquals(s.batches.every((b) => b.length >= 1), true);
});

Deno.test("MetricStream refuses a bad key at once and reports a failed send at flush()", async () => {
  const stream = new MetricStream({ logMetricPoints: () => Promise.reject(new Error("down")) });
  let threw = false;
  try {
    stream.add({ "bad key!": 1 }, 1);
  } catch (err) {
    threw = err instanceof RangeError;
  }
  assertStrictEquals(threw, true);
  stream.add({ loss: 1 }, 1);
  await assertRejects(() => stream.flush(), Error, "down");
});
