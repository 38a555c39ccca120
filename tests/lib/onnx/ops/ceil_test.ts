import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ceil } from "../../../../lib/onnx/ops/ceil.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { checkForward, elementwise } from "../_harness.ts";

Deno.test("ceil() keeps the input shape and rejects non-float dtypes", () => {
  const b = new GraphBuilder();
  assertEquals(ceil(b, b.input("x", "float32", ["batch", 3])).shape, ["batch", 3]);
  assertThrows(
    () => b.scope("s", () => ceil(b, b.input("m", "int32", [2]))),
    (e: unknown) => e instanceof ShapeError && e.message.startsWith('Cannot build Ceil "s/'),
  );
});

Deno.test("ceil() matches Math.ceil through ORT, at integers, halves, zeros and denormals", async () => {
  const data = [-2, -1.5, -0.25, 0, 1e-310, 0.5, 1, 2.0000001];
  await checkForward(
    { x: { dims: [2, 4], dtype: "float64", data } },
    (b, { x }) => ceil(b, x!),
    elementwise({ x: [2, 4] }, (a) => Math.ceil(a)),
  );
});
