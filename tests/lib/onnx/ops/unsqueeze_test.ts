import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { unsqueeze } from "../../../../lib/onnx/ops/unsqueeze.ts";
import { checkForward, checkVjp } from "../_harness.ts";

Deno.test("unsqueeze() inserts axes at output positions", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", ["b", 4]);
  assertEquals(unsqueeze(b, x, { axes: [1] }).shape, ["b", 1, 4]);
  assertEquals(unsqueeze(b, x, { axes: [0, -1] }).shape, [1, "b", 4, 1]);
  assertThrows(
    () => unsqueeze(b, x, { axes: [4], name: "u" }),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message === 'Cannot build Unsqueeze "u": axis 4 is out of range for rank 3',
  );
});

Deno.test("unsqueeze() keeps the data through ORT", async () => {
  await checkForward(
    { x: { dims: [2, 3] } },
    (b, { x }) => unsqueeze(b, x!, { axes: [1] }),
    (d) => ({ dims: [2, 1, 3], values: d.x! }),
  );
});

Deno.test("unsqueeze VJP matches finite differences", async () => {
  await checkVjp({ x: { dims: [2, 3] } }, (b, { x }) => unsqueeze(b, x!, { axes: [0, 2] }));
});
