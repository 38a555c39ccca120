import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { where } from "../../../../lib/onnx/ops/where.ts";
import { checkForward, checkVjp, elementwise } from "../_harness.ts";

const COND = [1, 0, 1];

Deno.test("where() broadcasts all three inputs and needs a bool condition", () => {
  const b = new GraphBuilder();
  const c = b.input("c", "bool", ["b", 1]);
  assertEquals(where(b, c, b.input("x", "float32", [4]), 0).shape, ["b", 4]);
  assertThrows(
    () => where(b, b.input("f", "float32", [4]), b.input("y", "float32", [4]), 0, { name: "w" }),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message === 'Cannot build Where "w": condition must be bool, got float32',
  );
});

Deno.test("where() matches a reference through ORT", async () => {
  await checkForward(
    { c: { dims: [3], dtype: "bool", data: COND }, x: { dims: [2, 3] }, y: { dims: [1] } },
    (b, { c, x, y }) => where(b, c!, x!, y!),
    elementwise({ c: [3], x: [2, 3], y: [1] }, (c, x, y) => (c ? x : y)),
  );
});

Deno.test("where VJP matches finite differences, with broadcasting", async () => {
  await checkVjp(
    {
      c: { dims: [3], dtype: "bool", data: COND, wrt: false },
      x: { dims: [2, 3] },
      y: { dims: [1] },
    },
    (b, { c, x, y }) => where(b, c!, x!, y!),
  );
});
