import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { pad } from "../../../../lib/onnx/ops/pad.ts";
import { checkForward, checkVjp } from "../_harness.ts";

Deno.test("pad() grows the padded axes and checks the pads length", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", ["b", 10]);
  assertEquals(pad(b, x, { pads: [6, 0], axes: [1], value: NaN }).shape, ["b", 16]);
  assertEquals(pad(b, b.input("y", "float32", [2, 3]), { pads: [1, 0, 0, 2] }).shape, [3, 5]);
  assertThrows(
    () => pad(b, x, { pads: [1], axes: [1], name: "p" }),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message === 'Cannot build Pad "p": pads has 1 entries but 2 are needed for [b, 10]',
  );
});

Deno.test("pad() left-pads with NaN through ORT", async () => {
  await checkForward(
    { x: { dims: [1, 2] } },
    (b, { x }) => pad(b, x!, { pads: [2, 1], axes: [1], value: NaN }),
    (d) => ({
      dims: [1, 5],
      values: [NaN, NaN, d.x![0]!, d.x![1]!, 0].map((v, i) => (i === 4 ? NaN : v)),
    }),
  );
});

Deno.test("pad VJP matches finite differences", async () => {
  await checkVjp({ x: { dims: [2, 3] } }, (b, { x }) => pad(b, x!, { pads: [1, 2, 0, 1] }));
  await checkVjp(
    { x: { dims: [2, 3] } },
    (b, { x }) => pad(b, x!, { pads: [0, 2], axes: [-1], value: 3 }),
  );
});
