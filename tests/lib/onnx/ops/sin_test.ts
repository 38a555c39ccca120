import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { sin } from "../../../../lib/onnx/ops/sin.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { checkForward, checkVjp, elementwise, rand } from "../_harness.ts";

Deno.test("sin() keeps the input shape and rejects unsupported dtypes", () => {
  const b = new GraphBuilder();
  assertEquals(sin(b, b.input("x", "float32", ["batch", 3])).shape, ["batch", 3]);
  assertThrows(
    () => b.scope("s", () => sin(b, b.input("m", "bool", [2]))),
    (e: unknown) => e instanceof ShapeError && e.message.startsWith('Cannot build Sin "s/'),
  );
});

Deno.test("sin() matches a JavaScript reference through ORT (float64)", async () => {
  await checkForward(
    { x: { dims: [2, 3], dtype: "float64", data: rand(6, 5, -2, 2) } },
    (b, { x }) => sin(b, x!),
    elementwise({ x: [2, 3] }, (a) => Math.sin(a)),
  );
});

Deno.test("sin VJP matches finite differences (float64)", async () => {
  await checkVjp(
    { x: { dims: [2, 3], data: rand(6, 11, -2, 2) } },
    (b, { x }) => sin(b, x!),
    { dtype: "float64" },
  );
});
