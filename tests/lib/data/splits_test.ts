import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { chronologicalSplits } from "../../../lib/data/splits.ts";

Deno.test("chronologicalSplits() reproduces dataset.md's ranges for 35,040 rows", () => {
  // dataset.md: train 0–24,527, val 24,528–29,783, test 29,784–35,039 (inclusive).
  assertEquals(chronologicalSplits(35040), {
    train: { start: 0, end: 24528 },
    val: { start: 24528, end: 29784 },
    test: { start: 29784, end: 35040 },
  });
});

Deno.test("chronologicalSplits() takes other fractions and floors the boundaries", () => {
  // 10 rows, 0.5/0.25: train 0..5, val 5..7 (floor 7.5), test 7..10.
  assertEquals(chronologicalSplits(10, { train: 0.5, val: 0.25 }), {
    train: { start: 0, end: 5 },
    val: { start: 5, end: 7 },
    test: { start: 7, end: 10 },
  });
  // val 0 gives an empty validation range.
  assertEquals(chronologicalSplits(10, { train: 0.8, val: 0 }).val, { start: 8, end: 8 });
});

Deno.test("chronologicalSplits() rejects bad sizes and fractions", () => {
  assertThrows(() => chronologicalSplits(2), RangeError);
  assertThrows(() => chronologicalSplits(10.5), RangeError);
  assertThrows(() => chronologicalSplits(100, { train: 0.9, val: 0.1 }), RangeError);
  assertThrows(() => chronologicalSplits(100, { train: 0, val: 0.1 }), RangeError);
  assertThrows(() => chronologicalSplits(100, { train: 0.5, val: -0.1 }), RangeError);
  assertThrows(() => chronologicalSplits(3, { train: 0.3, val: 0.3 }), /would be empty/);
});
