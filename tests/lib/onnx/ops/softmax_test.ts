import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { softmax } from "../../../../lib/onnx/ops/softmax.ts";
import { checkForward, checkVjp } from "../_harness.ts";

Deno.test("softmax() keeps the shape and checks the axis", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", ["b", 4, 6]);
  assertEquals(softmax(b, x, { axis: 1 }).shape, ["b", 4, 6]);
  assertThrows(
    () => softmax(b, x, { axis: 3, name: "sm" }),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message === 'Cannot build Softmax "sm": axis 3 is out of range for rank 3',
  );
});

Deno.test("softmax() matches a float64 reference through ORT", async () => {
  await checkForward({ x: { dims: [2, 3, 4] } }, (b, { x }) => softmax(b, x!, { axis: 1 }), (d) => {
    const x = d.x!;
    const out = new Array<number>(24);
    for (let i = 0; i < 2; i++) {
      for (let k = 0; k < 4; k++) {
        const at = (j: number) => i * 12 + j * 4 + k;
        const m = Math.max(...[0, 1, 2].map((j) => x[at(j)]!));
        const s = [0, 1, 2].reduce((a, j) => a + Math.exp(x[at(j)]! - m), 0);
        for (let j = 0; j < 3; j++) out[at(j)] = Math.exp(x[at(j)]! - m) / s;
      }
    }
    return { dims: [2, 3, 4], values: out };
  });
});

Deno.test("softmax VJP matches finite differences", async () => {
  await checkVjp({ x: { dims: [2, 3, 4] } }, (b, { x }) => softmax(b, x!, { axis: -1 }));
  await checkVjp({ x: { dims: [2, 3, 4] } }, (b, { x }) => softmax(b, x!, { axis: 1 }));
});
