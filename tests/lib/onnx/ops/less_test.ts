import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { less } from "../../../../lib/onnx/ops/less.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { checkForward, elementwise, rand } from "../_harness.ts";

Deno.test("less() broadcasts shapes and names the node on a mismatch", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", ["batch", 1, 4]);
  assertEquals(less(b, x, b.input("y", "float32", [3, 1])).shape, ["batch", 3, 4]);
  assertThrows(
    () => less(b, x, b.input("z", "float32", [5]), { name: "bad" }),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message ===
        'Cannot build Less "bad": cannot broadcast [batch, 1, 4] with [5]: dimension 2 is 4 vs 5',
  );
});

Deno.test("less() matches a JavaScript reference through ORT, with broadcasting", async () => {
  const y = rand(3, 9, -1, 1);
  const x = Array.from(rand(6, 8, -1, 1));
  x[4] = y[1]!; // one tie
  await checkForward(
    { x: { dims: [2, 3], data: x }, y: { dims: [3], data: y } },
    (b, { x, y }) => less(b, x!, y!),
    elementwise({ x: [2, 3], y: [3] }, (a, c) => a < c ? 1 : 0),
  );
});
