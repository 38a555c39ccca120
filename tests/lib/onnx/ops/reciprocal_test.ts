import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { reciprocal } from "../../../../lib/onnx/ops/reciprocal.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { checkForward, checkVjp, elementwise, rand } from "../_harness.ts";

Deno.test("reciprocal() keeps the input shape and rejects unsupported dtypes", () => {
  const b = new GraphBuilder();
  assertEquals(reciprocal(b, b.input("x", "float32", ["batch", 3])).shape, ["batch", 3]);
  assertThrows(
    () => b.scope("s", () => reciprocal(b, b.input("m", "bool", [2]))),
    (e: unknown) => e instanceof ShapeError && e.message.startsWith('Cannot build Reciprocal "s/'),
  );
});

Deno.test("reciprocal() matches a JavaScript reference through ORT (float64)", async () => {
  await checkForward(
    { x: { dims: [2, 3], dtype: "float64", data: rand(6, 5, 0.5, 2) } },
    (b, { x }) => reciprocal(b, x!),
    elementwise({ x: [2, 3] }, (a) => 1 / a),
  );
});

Deno.test("reciprocal VJP matches finite differences (float64)", async () => {
  await checkVjp(
    { x: { dims: [2, 3], data: rand(6, 11, 0.5, 2) } },
    (b, { x }) => reciprocal(b, x!),
    { dtype: "float64" },
  );
});
