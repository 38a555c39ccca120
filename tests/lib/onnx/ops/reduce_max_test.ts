import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { reduceMax } from "../../../../lib/onnx/ops/reduce_max.ts";
import { checkForward, checkVjp, rand } from "../_harness.ts";

function ref(x: number[], keep: boolean) {
  // reduce axis 1 of [2, 3, 4]
  const values: number[] = [];
  for (let i = 0; i < 2; i++) {
    for (let k = 0; k < 4; k++) {
      let s = x[i * 12 + k]!;
      for (let j = 1; j < 3; j++) {
        const v = x[i * 12 + j * 4 + k]!;
        s = Math.max(s, v);
      }
      const n = 3;
      void n;
      values.push(s);
    }
  }
  return { dims: keep ? [2, 1, 4] : [2, 4], values };
}

Deno.test("reduceMax() infers kept and dropped axes", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", ["b", 4, 8]);
  assertEquals(reduceMax(b, x, { axes: [-1] }).shape, ["b", 4, 1]);
  assertEquals(reduceMax(b, x, { axes: [0, 2], keepdims: false }).shape, [4]);
  assertEquals(reduceMax(b, x, { keepdims: false }).shape, []);
  assertThrows(
    () => reduceMax(b, x, { axes: [3], name: "r" }),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message === 'Cannot build ReduceMax "r": axis 3 is out of range for rank 3',
  );
});

Deno.test("reduceMax() matches a float64 reference through ORT", async () => {
  await checkForward(
    { x: { dims: [2, 3, 4] } },
    (b, { x }) => reduceMax(b, x!, { axes: [1] }),
    (d) => ref(d.x!, true),
  );
  await checkForward(
    { x: { dims: [2, 3, 4] } },
    (b, { x }) => reduceMax(b, x!, { axes: [-2], keepdims: false }),
    (d) => ref(d.x!, false),
  );
});

Deno.test("reduceMax VJP matches finite differences", async () => {
  await checkVjp(
    { x: { dims: [2, 3, 4], data: rand(24, 21) } },
    (b, { x }) => reduceMax(b, x!, { axes: [1] }),
  );
  await checkVjp(
    { x: { dims: [2, 3, 4], data: rand(24, 22) } },
    (b, { x }) => reduceMax(b, x!, { axes: [0, 2], keepdims: false }),
  );
  await checkVjp(
    { x: { dims: [2, 3], data: rand(6, 23) } },
    (b, { x }) => reduceMax(b, x!, { keepdims: false }),
  );
});
