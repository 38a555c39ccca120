import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { cast } from "../../../../lib/onnx/ops/cast.ts";
import { mul } from "../../../../lib/onnx/ops/mul.ts";
import { checkForward, checkVjp } from "../_harness.ts";

Deno.test("cast() changes the dtype only", () => {
  const b = new GraphBuilder();
  const m = cast(b, b.input("m", "bool", ["b", 3]), { to: "float32" });
  assertEquals([m.dtype, m.shape], ["float32", ["b", 3]]);
  void ShapeError;
  void assertThrows;
});

Deno.test("cast() converts bool and float through ORT", async () => {
  await checkForward(
    { m: { dims: [3], dtype: "bool", data: [1, 0, 1] } },
    (b, { m }) => cast(b, m!, { to: "float64" }),
    () => ({ dims: [3], values: [1, 0, 1] }),
  );
  await checkForward(
    { x: { dims: [2], data: [1.5, -2.5] } },
    (b, { x }) => cast(b, x!, { to: "float32" }),
    () => ({ dims: [2], values: [1.5, -2.5] }),
  );
});

Deno.test("cast VJP matches finite differences (float64 to float32 and back)", async () => {
  await checkVjp(
    { x: { dims: [2, 3] } },
    (b, { x }) => cast(b, mul(b, cast(b, x!, { to: "float32" }), 2), { to: "float64" }),
    { eps: 1e-3, atol: 1e-3, rtol: 1e-3 },
  );
});
