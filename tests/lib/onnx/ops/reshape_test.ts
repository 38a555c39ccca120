import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { reshape } from "../../../../lib/onnx/ops/reshape.ts";
import { checkForward, checkVjp } from "../_harness.ts";

Deno.test("reshape() follows ONNX 0/-1 semantics with symbolic dims", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", ["batch", 6, 64]);
  assertEquals(reshape(b, x, [0, 0, 4, 16]).shape, ["batch", 6, 4, 16]);
  assertEquals(reshape(b, x, [0, -1]).shape, ["batch", 384]);
  assertEquals(reshape(b, x, [-1, 64]).shape[1], 64);
  const y = b.input("y", "float32", [2, 3, 4]);
  assertEquals(reshape(b, y, [-1, 4]).shape, [6, 4]);
  assertEquals(reshape(b, y, [4, 0, -1]).shape, [4, 3, 2]);
});

Deno.test("reshape() names the node when element counts differ", () => {
  const b = new GraphBuilder();
  const y = b.input("y", "float32", [2, 3]);
  assertThrows(
    () => reshape(b, y, [4, 2], { name: "r" }),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message ===
        'Cannot build Reshape "r": cannot reshape [2, 3] (6 elements) to [4, 2] (8 elements)',
  );
  assertThrows(() => reshape(b, y, [-1, -1]), /at most one shape entry may be -1/);
  assertThrows(() => reshape(b, y, [4, -1]), /cannot reshape \[2, 3\]/);
});

Deno.test("reshape() keeps the data order through ORT", async () => {
  await checkForward(
    { x: { dims: [2, 3] } },
    (b, { x }) => reshape(b, x!, [3, -1]),
    (d) => ({ dims: [3, 2], values: d.x! }),
  );
});

Deno.test("reshape VJP matches finite differences", async () => {
  await checkVjp({ x: { dims: [2, 3, 2] } }, (b, { x }) => reshape(b, x!, [0, -1]));
});
