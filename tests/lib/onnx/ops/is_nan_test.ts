import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { isNaN } from "../../../../lib/onnx/ops/is_nan.ts";
import { checkForward } from "../_harness.ts";

Deno.test("isNaN() gives bool of the input shape and needs floats", () => {
  const b = new GraphBuilder();
  const m = isNaN(b, b.input("x", "float32", ["b", 3]));
  assertEquals([m.dtype, m.shape], ["bool", ["b", 3]]);
  assertThrows(
    () => isNaN(b, b.input("i", "int64", [2]), { name: "n" }),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message === 'Cannot build IsNaN "n": X must be float32 or float64, got int64',
  );
});

Deno.test("isNaN() finds NaN through ORT", async () => {
  await checkForward(
    { x: { dims: [3], data: [1, NaN, Infinity] } },
    (b, { x }) => isNaN(b, x!),
    () => ({ dims: [3], values: [0, 1, 0] }),
  );
});
