import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { evaluationOrigins } from "../../../lib/evaluate/origins.ts";

Deno.test("evaluationOrigins() lists every origin whose horizon fits in the split", () => {
  assertEquals(evaluationOrigins({ start: 10, end: 15 }, { predictionLength: 1 }), [
    10,
    11,
    12,
    13,
    14,
  ]);
  assertEquals(evaluationOrigins({ start: 10, end: 15 }, { predictionLength: 3 }), [10, 11, 12]);
  assertEquals(evaluationOrigins({ start: 10, end: 15 }, { predictionLength: 5 }), [10]);
});

Deno.test("evaluationOrigins() steps by the stride", () => {
  assertEquals(evaluationOrigins({ start: 0, end: 10 }, { predictionLength: 2, stride: 3 }), [
    0,
    3,
    6,
  ]);
  assertEquals(evaluationOrigins({ start: 0, end: 10 }, { predictionLength: 1, stride: 4 }), [
    0,
    4,
    8,
  ]);
});

Deno.test("evaluationOrigins() spreads a limited number evenly over the split", () => {
  // test split of the steel data: rows 29784..35039, horizon 1 → 5256 candidates
  const split = { start: 29784, end: 35040 };
  const o = evaluationOrigins(split, {
    predictionLength: 1,
    maxPredictions: 10,
    contextLength: 512,
  });
  assertEquals(o.length, 10);
  assertEquals(o[0], 29784);
  assertEquals(o[9], 35039);
  // hand-computed: round(i * 5255 / 9)
  assertEquals(o, [29784, 30368, 30952, 31536, 32120, 32703, 33287, 33871, 34455, 35039]);
  const gaps = o.slice(1).map((x, i) => x - o[i]!);
  for (const g of gaps) {
    if (g < 583 || g > 584) throw new Error(`uneven gap ${g}`);
  }
  // the second half of the split gets as many origins as the first
  const mid = (split.start + split.end) / 2;
  assertEquals(o.filter((x) => x < mid).length, 5);
});

Deno.test("evaluationOrigins() keeps every origin when the cap is 0 or above the count", () => {
  const split = { start: 29784, end: 35040 };
  assertEquals(evaluationOrigins(split, { predictionLength: 1, maxPredictions: 0 }).length, 5256);
  assertEquals(
    evaluationOrigins(split, { predictionLength: 96, maxPredictions: 0 }).length,
    5256 - 95,
  );
  assertEquals(
    evaluationOrigins({ start: 0, end: 5 }, { predictionLength: 1, maxPredictions: 99 }),
    [
      0,
      1,
      2,
      3,
      4,
    ],
  );
});

Deno.test("evaluationOrigins() spreads over strided candidates", () => {
  // candidates 0, 2, 4, …, 18 (10 of them); 4 picks at round(i*9/3) = 0, 3, 6, 9
  assertEquals(
    evaluationOrigins({ start: 0, end: 20 }, { predictionLength: 1, stride: 2, maxPredictions: 4 }),
    [0, 6, 12, 18],
  );
  // one origin: the middle candidate (5..19 → index 7)
  assertEquals(
    evaluationOrigins({ start: 5, end: 20 }, { predictionLength: 1, maxPredictions: 1 }),
    [12],
  );
});

Deno.test("evaluationOrigins() says when the horizon goes beyond the split end", () => {
  assertThrows(
    () => evaluationOrigins({ start: 100, end: 110 }, { predictionLength: 11, label: "test" }),
    (e: unknown) =>
      e instanceof RangeError && /test split/.test(e.message) &&
      /prediction length 11 goes beyond its end/.test(e.message) && /at most 10/.test(e.message),
  );
});

Deno.test("evaluationOrigins() says when the data is too short for the context", () => {
  assertThrows(
    () => evaluationOrigins({ start: 100, end: 200 }, { predictionLength: 1, contextLength: 512 }),
    (e: unknown) =>
      e instanceof RangeError && /too short for the context length 512/.test(e.message) &&
      /only 100 rows/.test(e.message),
  );
});

Deno.test("evaluationOrigins() rejects invalid numbers", () => {
  assertThrows(() => evaluationOrigins({ start: 0, end: 9 }, { predictionLength: 0 }), RangeError);
  assertThrows(
    () => evaluationOrigins({ start: 0, end: 9 }, { predictionLength: 1, stride: 0 }),
    RangeError,
  );
  assertThrows(
    () => evaluationOrigins({ start: 0, end: 9 }, { predictionLength: 1, maxPredictions: 1.5 }),
    RangeError,
  );
});
