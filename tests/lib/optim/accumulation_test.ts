import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { assertClose } from "../../_helpers/assert_close.ts";
import { GradientAccumulator } from "../../../lib/optim/accumulation.ts";

Deno.test("GradientAccumulator.mean() averages micro-batch gradients given in pieces", () => {
  const acc = new GradientAccumulator(5);
  acc.add([new Float32Array([1, 2]), new Float32Array([3, 4, 5])], 2);
  acc.add([new Float32Array([3, 2]), new Float32Array([1, 0, -5])], 4);
  acc.add([new Float32Array([2, 2]), new Float32Array([2, 2, 3])], 6);
  assertEquals(acc.count, 3);
  assertClose(acc.mean(), [2, 2, 2, 2, 1], { atol: 1e-6 });
  assertEquals(acc.meanLoss, 4);
});

Deno.test("GradientAccumulator.reset() starts over and overwrites the old sum", () => {
  const acc = new GradientAccumulator(2);
  acc.add([new Float32Array([9, 9])], 1);
  acc.reset();
  acc.add([new Float32Array([1, 3])], 5);
  assertClose(acc.mean(), [1, 3], { atol: 0 });
  assertEquals(acc.meanLoss, 5);
});

Deno.test("GradientAccumulator rejects pieces of the wrong total size and empty means", () => {
  const acc = new GradientAccumulator(3);
  assertThrows(() => acc.add([new Float32Array(2)], 0), RangeError);
  assertThrows(() => acc.add([new Float32Array(4)], 0), RangeError);
  assertThrows(() => new GradientAccumulator(1).mean(), RangeError);
});

Deno.test("GradientAccumulator.addWritten() counts a first micro-batch written into the buffer", () => {
  const acc = new GradientAccumulator(3);
  acc.add([new Float32Array([7, 7, 7])], 9);
  acc.reset();
  acc.buffer.set([1, 2, 3]);
  acc.addWritten(1);
  acc.add([new Float32Array([3, 0]), [-1]], 3);
  assertClose(acc.mean(), [2, 1, 1], { atol: 0 });
  assertEquals(acc.meanLoss, 2);
  // only the first micro-batch of an accumulation can have been written in place
  assertThrows(() => acc.addWritten(0), RangeError);
});
