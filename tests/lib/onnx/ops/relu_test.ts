import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { relu } from "../../../../lib/onnx/ops/relu.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { checkForward, checkVjp, elementwise, rand } from "../_harness.ts";

Deno.test("relu() keeps the input shape and rejects unsupported dtypes", () => {
  const b = new GraphBuilder();
  assertEquals(relu(b, b.input("x", "float32", ["batch", 3])).shape, ["batch", 3]);
  assertThrows(
    () => b.scope("s", () => relu(b, b.input("m", "bool", [2]))),
    (e: unknown) => e instanceof ShapeError && e.message.startsWith('Cannot build Relu "s/'),
  );
});

Deno.test("relu() matches a JavaScript reference through ORT (float64)", async () => {
  await checkForward(
    { x: { dims: [2, 3], dtype: "float64", data: rand(6, 5, -1, 1) } },
    (b, { x }) => relu(b, x!),
    elementwise({ x: [2, 3] }, (a) => Math.max(a, 0)),
  );
});

Deno.test("relu VJP matches finite differences (float64)", async () => {
  await checkVjp(
    { x: { dims: [2, 3], data: rand(6, 11, -1, 1) } },
    (b, { x }) => relu(b, x!),
    { dtype: "float64" },
  );
});
