import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { slice } from "../../../../lib/onnx/ops/slice.ts";
import { mul } from "../../../../lib/onnx/ops/mul.ts";
import { transpose } from "../../../../lib/onnx/ops/transpose.ts";
import { checkForward, checkVjp } from "../_harness.ts";

const END = Number.MAX_SAFE_INTEGER;

Deno.test("slice() infers lengths with ONNX clamping, and keeps whole symbolic axes", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", ["b", 10]);
  assertEquals(slice(b, x, { starts: [2], ends: [-1], axes: [1] }).shape, ["b", 7]);
  assertEquals(slice(b, x, { starts: [-3], ends: [END], axes: [1] }).shape, ["b", 3]);
  assertEquals(slice(b, x, { starts: [0], ends: [100], axes: [1], steps: [3] }).shape, ["b", 4]);
  assertEquals(slice(b, x, { starts: [-1], ends: [-END], axes: [1], steps: [-2] }).shape, ["b", 5]);
  assertEquals(slice(b, x, { starts: [0], ends: [END], axes: [0] }).shape, ["b", 10]);
  assertEquals(typeof slice(b, x, { starts: [1], ends: [END], axes: [0] }).shape[0], "string");
  assertThrows(
    () => slice(b, x, { starts: [0], ends: [1], axes: [2], name: "s" }),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message === 'Cannot build Slice "s": axis 2 is out of range for rank 2',
  );
});

Deno.test("slice() matches a reference through ORT", async () => {
  await checkForward(
    { x: { dims: [2, 6] } },
    (b, { x }) => slice(b, x!, { starts: [1, 5], ends: [2, 0], axes: [0, 1], steps: [1, -2] }),
    (d) => ({ dims: [1, 3], values: [d.x![11]!, d.x![9]!, d.x![7]!] }),
  );
});

Deno.test("slice VJP matches finite differences for steps 1, -1 and 2", async () => {
  await checkVjp(
    { x: { dims: [3, 6] } },
    (b, { x }) => slice(b, x!, { starts: [1, -4], ends: [END, -1], axes: [0, 1] }),
  );
  await checkVjp(
    { x: { dims: [3, 6] } },
    (b, { x }) => slice(b, x!, { starts: [4], ends: [0], axes: [1], steps: [-1] }),
  );
  await checkVjp(
    { x: { dims: [3, 6] } },
    (b, { x }) => slice(b, x!, { starts: [0, 1], ends: [END, END], axes: [0, 1], steps: [2, 2] }),
  );
});

Deno.test("slice VJP between transposes runs under ORT's full optimisation", async () => {
  // the VJP's Pad sits between Transposes, where ORT 1.30 once mis-rewrote a Pad with axes
  await checkVjp(
    { x: { dims: [2, 3, 2, 8] } },
    (b, { x }) => {
      const t = transpose(b, x!, { perm: [0, 2, 1, 3] });
      const s = slice(b, t, { starts: [4], ends: [END], axes: [3] });
      // squared, so the gradient depends on x and is not folded to a constant at load
      return transpose(b, mul(b, s, s), { perm: [0, 2, 1, 3] });
    },
    { dtype: "float32" },
  );
});
