import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { squeeze } from "../../../../lib/onnx/ops/squeeze.ts";
import { checkForward, checkVjp } from "../_harness.ts";

Deno.test("squeeze() removes size-1 axes and rejects others", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", ["b", 1, 4]);
  assertEquals(squeeze(b, x, { axes: [1] }).shape, ["b", 4]);
  assertEquals(squeeze(b, b.input("y", "float32", [1, 3, 1])).shape, [3]);
  assertThrows(
    () => squeeze(b, x, { axes: [2], name: "sq" }),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message === 'Cannot build Squeeze "sq": axis 2 of [b, 1, 4] has size 4, not 1',
  );
});

Deno.test("squeeze() keeps the data through ORT", async () => {
  await checkForward(
    { x: { dims: [2, 1, 3] } },
    (b, { x }) => squeeze(b, x!, { axes: [1] }),
    (d) => ({ dims: [2, 3], values: d.x! }),
  );
});

Deno.test("squeeze VJP matches finite differences", async () => {
  await checkVjp({ x: { dims: [2, 1, 3] } }, (b, { x }) => squeeze(b, x!, { axes: [-2] }));
});
