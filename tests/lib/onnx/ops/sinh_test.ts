import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { sinh } from "../../../../lib/onnx/ops/sinh.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { checkForward, checkVjp, elementwise, rand } from "../_harness.ts";

Deno.test("sinh() keeps the input shape and rejects unsupported dtypes", () => {
  const b = new GraphBuilder();
  assertEquals(sinh(b, b.input("x", "float32", ["batch", 3])).shape, ["batch", 3]);
  assertThrows(
    () => b.scope("s", () => sinh(b, b.input("m", "bool", [2]))),
    (e: unknown) => e instanceof ShapeError && e.message.startsWith('Cannot build Sinh "s/'),
  );
});

Deno.test("sinh() matches a JavaScript reference through ORT (float32)", async () => {
  await checkForward(
    { x: { dims: [2, 3], dtype: "float32", data: rand(6, 5, -2, 2) } },
    (b, { x }) => sinh(b, x!),
    elementwise({ x: [2, 3] }, (a) => Math.sinh(a)),
    { atol: 1e-5, rtol: 1e-5 },
  );
});

Deno.test("sinh VJP matches finite differences (float32)", async () => {
  await checkVjp(
    { x: { dims: [2, 3], data: rand(6, 11, -2, 2) } },
    (b, { x }) => sinh(b, x!),
    { dtype: "float32", eps: 1e-3, atol: 2e-3, rtol: 2e-3 },
  );
});
