import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { constantOfShape } from "../../../../lib/onnx/ops/constant_of_shape.ts";
import { shape } from "../../../../lib/onnx/ops/shape.ts";
import { checkForward } from "../_harness.ts";

Deno.test("constantOfShape() takes its shape from numbers or from Shape", () => {
  const b = new GraphBuilder();
  assertEquals(constantOfShape(b, [2, 3], { value: 1 }).shape, [2, 3]);
  const s = shape(b, b.input("x", "float32", ["b", 4]));
  const z = constantOfShape(b, s, { dtype: "int64" });
  assertEquals([z.dtype, z.shape], ["int64", ["b", 4]]);
  assertThrows(
    () => constantOfShape(b, b.input("f", "float32", [2]), { name: "c" }),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message === 'Cannot build ConstantOfShape "c": input must be int64, got float32',
  );
});

Deno.test("constantOfShape() fills through ORT", async () => {
  await checkForward(
    { x: { dims: [2, 3] } },
    (b, { x }) => constantOfShape(b, shape(b, x!), { value: 2.5, dtype: "float64" }),
    () => ({ dims: [2, 3], values: [2.5, 2.5, 2.5, 2.5, 2.5, 2.5] }),
  );
});
