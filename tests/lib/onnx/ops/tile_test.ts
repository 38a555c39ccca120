import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { tile } from "../../../../lib/onnx/ops/tile.ts";
import { checkForward, checkVjp } from "../_harness.ts";

Deno.test("tile() multiplies dims and checks the repeats length", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", ["b", 3]);
  assertEquals(tile(b, x, [1, 2]).shape, ["b", 6]);
  assertThrows(
    () => tile(b, x, [2], { name: "t" }),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message === 'Cannot build Tile "t": repeats has 1 entries but the input [b, 3] has rank 2',
  );
});

Deno.test("tile() matches a reference through ORT", async () => {
  await checkForward({ x: { dims: [1, 2] } }, (b, { x }) => tile(b, x!, [2, 2]), (d) => {
    const [p, q] = [d.x![0]!, d.x![1]!];
    return { dims: [2, 4], values: [p, q, p, q, p, q, p, q] };
  });
});

Deno.test("tile VJP matches finite differences", async () => {
  await checkVjp({ x: { dims: [2, 3] } }, (b, { x }) => tile(b, x!, [3, 2]));
});
