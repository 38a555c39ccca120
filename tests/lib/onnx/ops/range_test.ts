import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { range } from "../../../../lib/onnx/ops/range.ts";
import { checkForward } from "../_harness.ts";

Deno.test("range() infers the length of constant bounds", () => {
  const b = new GraphBuilder();
  assertEquals(range(b, 0, 10, 2).shape, [5]);
  assertEquals(range(b, 5, 0, -2).shape, [3]);
  assertEquals(typeof range(b, 0, b.input("n", "int64", []), 1).shape[0], "string");
  assertThrows(
    () => range(b, 0, 4, 0, { name: "r" }),
    (e: unknown) =>
      e instanceof ShapeError && e.message === 'Cannot build Range "r": delta must not be 0',
  );
});

Deno.test("range() counts through ORT", async () => {
  await checkForward(
    { n: { dims: [], data: [2.5] } },
    (b, { n }) => range(b, b.constant([-1], [], "float64"), n!, b.constant([1], [], "float64")),
    () => ({ dims: [4], values: [-1, 0, 1, 2] }),
  );
});
