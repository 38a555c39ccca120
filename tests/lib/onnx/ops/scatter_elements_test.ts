import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { scatterElements } from "../../../../lib/onnx/ops/scatter_elements.ts";
import { checkForward } from "../_harness.ts";

Deno.test("scatterElements() keeps the data shape and checks ranks", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", [5, 2]);
  assertEquals(
    scatterElements(b, x, b.input("i", "int64", [3, 2]), b.input("u", "float32", [3, 2])).shape,
    [5, 2],
  );
  assertThrows(
    () =>
      scatterElements(b, x, b.input("j", "int64", [3]), b.input("v", "float32", [3]), {
        name: "s",
      }),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message.startsWith('Cannot build ScatterElements "s": data [5, 2]'),
  );
});

Deno.test("scatterElements() adds repeated indices through ORT", async () => {
  await checkForward(
    { x: { dims: [3], data: [1, 2, 3] }, u: { dims: [3], data: [10, 20, 30] } },
    (b, { x, u }) =>
      scatterElements(b, x!, b.constant([2, 0, 2], [3], "int64"), u!, { reduction: "add" }),
    () => ({ dims: [3], values: [21, 2, 43] }),
  );
});
