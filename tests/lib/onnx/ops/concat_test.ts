import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { concat } from "../../../../lib/onnx/ops/concat.ts";
import { shape } from "../../../../lib/onnx/ops/shape.ts";
import { reshape } from "../../../../lib/onnx/ops/reshape.ts";
import { checkForward, checkVjp } from "../_harness.ts";

Deno.test("concat() sums the axis, resolves symbolic dims and names the node on a mismatch", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", ["b", 3]);
  assertEquals(concat(b, [x, b.input("y", "float32", [2, 5])], { axis: 1 }).shape, [2, 8]);
  assertEquals(concat(b, [x, x], { axis: 0 }).shape[1], 3);
  assertEquals(typeof concat(b, [x, x], { axis: 0 }).shape[0], "string");
  assertThrows(
    () =>
      concat(b, [b.input("p", "float32", [2, 3]), b.input("q", "float32", [4, 4])], {
        axis: 0,
        name: "cat",
      }),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message === 'Cannot build Concat "cat": dimension 1 differs: [2, 3] vs [4, 4]',
  );
});

Deno.test("concat() of Shape pieces keeps the dims known to Reshape", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", ["batch", 6, 64]);
  const target = concat(b, [shape(b, x, { end: 2 }), b.constant([4, 16], [2], "int64")], {
    axis: 0,
  });
  assertEquals(reshape(b, x, target).shape, ["batch", 6, 4, 16]);
});

Deno.test("concat() matches a float64 reference through ORT", async () => {
  await checkForward(
    { x: { dims: [2, 2] }, y: { dims: [2, 1] } },
    (b, { x, y }) => concat(b, [x!, y!], { axis: -1 }),
    (d) => ({ dims: [2, 3], values: [d.x![0]!, d.x![1]!, d.y![0]!, d.x![2]!, d.x![3]!, d.y![1]!] }),
  );
});

Deno.test("concat VJP matches finite differences, with a repeated input", async () => {
  await checkVjp(
    { x: { dims: [2, 2] }, y: { dims: [2, 3] } },
    (b, { x, y }) => concat(b, [x!, y!, x!], { axis: 1 }),
  );
});
