import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { cos } from "../../../../lib/onnx/ops/cos.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { checkForward, checkVjp, elementwise, rand } from "../_harness.ts";

Deno.test("cos() keeps the input shape and rejects unsupported dtypes", () => {
  const b = new GraphBuilder();
  assertEquals(cos(b, b.input("x", "float32", ["batch", 3])).shape, ["batch", 3]);
  assertThrows(
    () => b.scope("s", () => cos(b, b.input("m", "bool", [2]))),
    (e: unknown) => e instanceof ShapeError && e.message.startsWith('Cannot build Cos "s/'),
  );
});

Deno.test("cos() matches a JavaScript reference through ORT (float32)", async () => {
  await checkForward(
    { x: { dims: [2, 3], dtype: "float32", data: rand(6, 5, -2, 2) } },
    (b, { x }) => cos(b, x!),
    elementwise({ x: [2, 3] }, (a) => Math.cos(a)),
    { atol: 1e-5, rtol: 1e-5 },
  );
});

Deno.test("cos VJP matches finite differences (float32)", async () => {
  await checkVjp(
    { x: { dims: [2, 3], data: rand(6, 11, -2, 2) } },
    (b, { x }) => cos(b, x!),
    { dtype: "float32", eps: 1e-3, atol: 2e-3, rtol: 2e-3 },
  );
});
