import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { expand } from "../../../../lib/onnx/ops/expand.ts";
import { shape } from "../../../../lib/onnx/ops/shape.ts";
import { checkForward, checkVjp, elementwise } from "../_harness.ts";

Deno.test("expand() broadcasts to a shape given as numbers or from Shape", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", [1, 4]);
  assertEquals(expand(b, x, [3, 4]).shape, [3, 4]);
  assertEquals(expand(b, x, shape(b, b.input("y", "float32", ["b", 2, 1]))).shape, ["b", 2, 4]);
  assertThrows(
    () => expand(b, x, [3, 5], { name: "e" }),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message.startsWith('Cannot build Expand "e": cannot broadcast [1, 4] with [3, 5]'),
  );
});

Deno.test("expand() matches a reference through ORT", async () => {
  await checkForward({ x: { dims: [3, 1] } }, (b, { x }) => expand(b, x!, [2, 3, 2]), (d) => {
    const r = elementwise({ x: [3, 1], z: [2, 3, 2] }, (a) => a)({
      x: d.x!,
      z: new Array(12).fill(0),
    });
    return r;
  });
});

Deno.test("expand VJP matches finite differences", async () => {
  await checkVjp({ x: { dims: [3, 1] } }, (b, { x }) => expand(b, x!, [2, 3, 2]));
});
