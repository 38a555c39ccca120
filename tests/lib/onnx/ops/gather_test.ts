import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { gather } from "../../../../lib/onnx/ops/gather.ts";
import { checkForward, checkVjp } from "../_harness.ts";

Deno.test("gather() replaces the axis by the indices' shape", () => {
  const b = new GraphBuilder();
  const emb = b.input("emb", "float32", [10, 8]);
  assertEquals(gather(b, emb, 1).shape, [8]);
  assertEquals(gather(b, emb, [1, 2, 3], { axis: 1 }).shape, [10, 3]);
  assertEquals(gather(b, emb, b.input("i", "int64", ["b", "t"])).shape, ["b", "t", 8]);
  assertThrows(
    () => gather(b, emb, b.input("f", "float32", [2]), { name: "g" }),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message === 'Cannot build Gather "g": indices must be int64 or int32, got float32',
  );
});

Deno.test("gather() matches a reference through ORT, negative indices included", async () => {
  await checkForward(
    { x: { dims: [3, 2] } },
    (b, { x }) => gather(b, x!, [2, -3, 2]),
    (d) => ({ dims: [3, 2], values: [d.x![4]!, d.x![5]!, d.x![0]!, d.x![1]!, d.x![4]!, d.x![5]!] }),
  );
});

Deno.test("gather VJP matches finite differences, repeated indices accumulating", async () => {
  await checkVjp({ x: { dims: [4, 3] } }, (b, { x }) => gather(b, x!, [3, 0, 3]));
  await checkVjp(
    { x: { dims: [2, 4, 3] } },
    (b, { x }) => gather(b, x!, b.constant([1, -1, 1, 2], [2, 2], "int64"), { axis: 1 }),
  );
  await checkVjp({ x: { dims: [4, 3] } }, (b, { x }) => gather(b, x!, 2, { axis: 0 }));
});
