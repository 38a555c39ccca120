import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { shape } from "../../../../lib/onnx/ops/shape.ts";
import { checkForward } from "../_harness.ts";

Deno.test("shape() gives a 1-D int64 of the rank, with start and end", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", ["b", 4, 5]);
  const s = shape(b, x);
  assertEquals([s.dtype, s.shape], ["int64", [3]]);
  assertEquals(shape(b, x, { start: 1 }).shape, [2]);
  assertEquals(shape(b, x, { start: -1 }).shape, [1]);
  void ShapeError;
  void assertThrows;
});

Deno.test("shape() reports the fed dims through ORT", async () => {
  await checkForward(
    { x: { dims: [2, 3, 4] } },
    (b, { x }) => shape(b, x!, { start: 1 }),
    () => ({ dims: [2], values: [3, 4] }),
  );
});
