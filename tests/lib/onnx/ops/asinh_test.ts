import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { asinh } from "../../../../lib/onnx/ops/asinh.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { checkForward, checkVjp, elementwise, rand } from "../_harness.ts";

Deno.test("asinh() keeps the input shape and rejects unsupported dtypes", () => {
  const b = new GraphBuilder();
  assertEquals(asinh(b, b.input("x", "float32", ["batch", 3])).shape, ["batch", 3]);
  assertThrows(
    () => b.scope("s", () => asinh(b, b.input("m", "bool", [2]))),
    (e: unknown) => e instanceof ShapeError && e.message.startsWith('Cannot build Asinh "s/'),
  );
});

Deno.test("asinh() matches a JavaScript reference through ORT (float32)", async () => {
  await checkForward(
    { x: { dims: [2, 3], dtype: "float32", data: rand(6, 5, -3, 3) } },
    (b, { x }) => asinh(b, x!),
    elementwise({ x: [2, 3] }, (a) => Math.asinh(a)),
    { atol: 1e-5, rtol: 1e-5 },
  );
});

Deno.test("asinh VJP matches finite differences (float32)", async () => {
  await checkVjp(
    { x: { dims: [2, 3], data: rand(6, 11, -3, 3) } },
    (b, { x }) => asinh(b, x!),
    { dtype: "float32", eps: 1e-3, atol: 2e-3, rtol: 2e-3 },
  );
});
