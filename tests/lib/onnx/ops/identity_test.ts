import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { identity } from "../../../../lib/onnx/ops/identity.ts";
import { assertEquals } from "../../../_helpers/assert.ts";
import { checkForward, checkVjp, elementwise, rand } from "../_harness.ts";

Deno.test("identity() keeps the input shape and dtype", () => {
  const b = new GraphBuilder();
  assertEquals(identity(b, b.input("x", "float32", ["batch", 3])).shape, ["batch", 3]);
  assertEquals(identity(b, b.input("m", "bool", [2])).dtype, "bool");
});

Deno.test("identity() matches a JavaScript reference through ORT (float64)", async () => {
  await checkForward(
    { x: { dims: [2, 3], dtype: "float64", data: rand(6, 5, -1, 1) } },
    (b, { x }) => identity(b, x!),
    elementwise({ x: [2, 3] }, (a) => a),
  );
});

Deno.test("identity VJP matches finite differences (float64)", async () => {
  await checkVjp(
    { x: { dims: [2, 3], data: rand(6, 11, -1, 1) } },
    (b, { x }) => identity(b, x!),
    { dtype: "float64" },
  );
});
