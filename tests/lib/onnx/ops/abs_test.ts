import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { abs } from "../../../../lib/onnx/ops/abs.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { checkForward, checkVjp, elementwise, rand } from "../_harness.ts";

Deno.test("abs() keeps the input shape and rejects unsupported dtypes", () => {
  const b = new GraphBuilder();
  assertEquals(abs(b, b.input("x", "float32", ["batch", 3])).shape, ["batch", 3]);
  assertThrows(
    () => b.scope("s", () => abs(b, b.input("m", "bool", [2]))),
    (e: unknown) => e instanceof ShapeError && e.message.startsWith('Cannot build Abs "s/'),
  );
});

Deno.test("abs() matches a JavaScript reference through ORT (float64)", async () => {
  await checkForward(
    { x: { dims: [2, 3], dtype: "float64", data: rand(6, 5, -1, 1) } },
    (b, { x }) => abs(b, x!),
    elementwise({ x: [2, 3] }, (a) => Math.abs(a)),
  );
});

Deno.test("abs VJP matches finite differences (float64)", async () => {
  await checkVjp(
    { x: { dims: [2, 3], data: rand(6, 11, -1, 1) } },
    (b, { x }) => abs(b, x!),
    { dtype: "float64" },
  );
});
