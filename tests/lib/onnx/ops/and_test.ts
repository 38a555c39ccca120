import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { and } from "../../../../lib/onnx/ops/and.ts";
import { checkForward, elementwise } from "../_harness.ts";

Deno.test("and() broadcasts bool inputs", () => {
  const b = new GraphBuilder();
  assertEquals(and(b, b.input("p", "bool", ["b", 1]), b.input("q", "bool", [3])).shape, ["b", 3]);
  assertThrows(
    () => and(b, b.input("x", "float32", [2]), b.input("y", "float32", [2])),
    (e: unknown) => e instanceof ShapeError,
  );
});

Deno.test("and() matches a reference through ORT", async () => {
  await checkForward(
    {
      p: { dims: [2, 1], dtype: "bool", data: [1, 0] },
      q: { dims: [2], dtype: "bool", data: [1, 0] },
    },
    (b, { p, q }) => and(b, p!, q!),
    elementwise({ p: [2, 1], q: [2] }, (p, q) => (p && q ? 1 : 0)),
  );
});
