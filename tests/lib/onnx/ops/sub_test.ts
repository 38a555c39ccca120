import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { sub } from "../../../../lib/onnx/ops/sub.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { checkForward, checkVjp, elementwise, rand } from "../_harness.ts";

Deno.test("sub() broadcasts shapes and names the node on a mismatch", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", ["batch", 1, 4]);
  assertEquals(sub(b, x, b.input("y", "float32", [3, 1])).shape, ["batch", 3, 4]);
  assertThrows(
    () => sub(b, x, b.input("z", "float32", [5]), { name: "bad" }),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message ===
        'Cannot build Sub "bad": cannot broadcast [batch, 1, 4] with [5]: dimension 2 is 4 vs 5',
  );
});

Deno.test("sub() matches a JavaScript reference through ORT, with broadcasting", async () => {
  const y = rand(3, 9, -1, 1);
  const x = Array.from(rand(6, 8, -1, 1));
  x[4] = y[1]!; // one tie
  await checkForward(
    { x: { dims: [2, 3], data: x }, y: { dims: [3], data: y } },
    (b, { x, y }) => sub(b, x!, y!),
    elementwise({ x: [2, 3], y: [3] }, (a, c) => a - c),
  );
});

Deno.test("sub VJP matches finite differences, with broadcasting and fan-out", async () => {
  await checkVjp(
    {
      x: { dims: [2, 3], data: rand(6, 12, -1, 1) },
      y: { dims: [1, 3], data: rand(3, 13, -1, 1) },
    },
    (b, { x, y }) => sub(b, x!, y!),
  );
  await checkVjp(
    {
      x: { dims: [3], data: rand(3, 14, -1, 1) },
      y: { dims: [2, 3], data: rand(6, 15, -1, 1), wrt: false },
    },
    (b, { x, y }) => sub(b, sub(b, x!, y!), x!),
  );
});
