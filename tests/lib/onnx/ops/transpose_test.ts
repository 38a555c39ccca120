import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { transpose } from "../../../../lib/onnx/ops/transpose.ts";
import { checkForward, checkVjp } from "../_harness.ts";

Deno.test("transpose() permutes dims and rejects a bad perm", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", ["b", 5, 4, 16]);
  assertEquals(transpose(b, x, { perm: [0, 2, 1, 3] }).shape, ["b", 4, 5, 16]);
  assertEquals(transpose(b, x).shape, [16, 4, 5, "b"]);
  assertThrows(
    () => transpose(b, x, { perm: [0, 1, 1, 3], name: "t" }),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message ===
        'Cannot build Transpose "t": perm [0, 1, 1, 3] is not a permutation of the 4 axes of [b, 5, 4, 16]',
  );
});

Deno.test("transpose() matches a reference through ORT", async () => {
  await checkForward({ x: { dims: [2, 3] } }, (b, { x }) => transpose(b, x!), (d) => ({
    dims: [3, 2],
    values: [0, 1, 2].flatMap((j) => [d.x![j]!, d.x![3 + j]!]),
  }));
});

Deno.test("transpose VJP matches finite differences", async () => {
  await checkVjp({ x: { dims: [2, 3, 4] } }, (b, { x }) => transpose(b, x!, { perm: [1, 2, 0] }));
});
