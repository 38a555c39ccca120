import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { exp } from "../../../../lib/onnx/ops/exp.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { checkForward, checkVjp, elementwise, rand } from "../_harness.ts";

Deno.test("exp() keeps the input shape and rejects unsupported dtypes", () => {
  const b = new GraphBuilder();
  assertEquals(exp(b, b.input("x", "float32", ["batch", 3])).shape, ["batch", 3]);
  assertThrows(
    () => b.scope("s", () => exp(b, b.input("m", "bool", [2]))),
    (e: unknown) => e instanceof ShapeError && e.message.startsWith('Cannot build Exp "s/'),
  );
});

Deno.test("exp() matches a JavaScript reference through ORT (float64)", async () => {
  await checkForward(
    { x: { dims: [2, 3], dtype: "float64", data: rand(6, 5, -1, 1) } },
    (b, { x }) => exp(b, x!),
    elementwise({ x: [2, 3] }, (a) => Math.exp(a)),
  );
});

Deno.test("exp VJP matches finite differences (float64)", async () => {
  await checkVjp(
    { x: { dims: [2, 3], data: rand(6, 11, -1, 1) } },
    (b, { x }) => exp(b, x!),
    { dtype: "float64" },
  );
});
