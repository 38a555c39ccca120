import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { add } from "../../../../lib/onnx/ops/add.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { checkForward, checkVjp, elementwise } from "../_harness.ts";

Deno.test("add() broadcasts shapes, symbolic dims included", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", ["batch", 1, 4]);
  const y = b.input("y", "float32", [3, 1]);
  assertEquals(add(b, x, y).shape, ["batch", 3, 4]);
  assertEquals(add(b, x, 1).shape, ["batch", 1, 4]);
});

Deno.test("add() names the node when shapes do not broadcast", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", [2, 3]);
  const y = b.input("y", "float32", [4]);
  assertThrows(
    () => b.scope("enc", () => add(b, x, y, { name: "res" })),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message ===
        'Cannot build Add "enc/res": cannot broadcast [2, 3] with [4]: dimension 1 is 3 vs 4',
  );
  assertThrows(
    () => add(b, x, b.input("z", "float64", [3])),
    /input dtypes differ: float32 vs float64/,
  );
});

Deno.test("add() matches a float64 reference through ORT", async () => {
  const shapes = { x: [2, 3], y: [3] };
  await checkForward(
    { x: { dims: [2, 3] }, y: { dims: [3] } },
    (b, { x, y }) => add(b, x!, y!),
    elementwise(shapes, (a, c) => a + c),
  );
});

Deno.test("add VJP matches finite differences, with broadcasting and fan-out", async () => {
  await checkVjp(
    { x: { dims: [2, 3] }, y: { dims: [1, 3] } },
    (b, { x, y }) => add(b, add(b, x!, y!), x!),
  );
  await checkVjp(
    { x: { dims: [2, 3] }, y: { dims: [3], initializer: true } },
    (b, { x, y }) => add(b, x!, y!),
  );
});
