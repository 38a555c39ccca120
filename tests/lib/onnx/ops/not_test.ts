import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { not } from "../../../../lib/onnx/ops/not.ts";
import { checkForward } from "../_harness.ts";

Deno.test("not() needs bool", () => {
  const b = new GraphBuilder();
  assertEquals(not(b, b.input("m", "bool", [2])).dtype, "bool");
  assertThrows(() => not(b, b.input("x", "float32", [2])), (e: unknown) => e instanceof ShapeError);
});

Deno.test("not() negates through ORT", async () => {
  await checkForward(
    { m: { dims: [2], dtype: "bool", data: [1, 0] } },
    (b, { m }) => not(b, m!),
    () => ({ dims: [2], values: [0, 1] }),
  );
});
