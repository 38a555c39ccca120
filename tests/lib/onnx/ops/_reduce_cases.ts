/**
 * The shared test cases of the reduction ops (ReduceSum, ReduceMean,
 * ReduceMax): shape inference and its error, forward against a float64
 * reference through ORT, and the VJP against finite differences. Each op's
 * test file calls {@linkcode reduceOpTests} with its builder and reference.
 *
 * @module
 */

import type { Value } from "../../../../lib/onnx/graph.ts";
import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { checkForward, checkVjp, rand } from "../_harness.ts";

type ReduceOp = (
  b: GraphBuilder,
  x: Value,
  opts?: { axes?: number[]; keepdims?: boolean; name?: string },
) => Value;

/** Reduces axis 1 of a [2, 3, 4] tensor with `combine` in float64. */
function reduceAxis1(x: number[], keep: boolean, combine: (v: number[]) => number) {
  const values: number[] = [];
  for (let i = 0; i < 2; i++) {
    for (let k = 0; k < 4; k++) {
      values.push(combine([0, 1, 2].map((j) => x[i * 12 + j * 4 + k]!)));
    }
  }
  return { dims: keep ? [2, 1, 4] : [2, 4], values };
}

/**
 * Declares the three tests of one reduction op.
 *
 * @param fn the builder's name, e.g. "reduceSum"
 * @param opType the ONNX op type, e.g. "ReduceSum"
 * @param op the builder
 * @param combine the float64 reference of the reduction over a list of values
 * @param seed first seed of the random inputs of the VJP checks
 */
export function reduceOpTests(
  fn: string,
  opType: string,
  op: ReduceOp,
  combine: (values: number[]) => number,
  seed: number,
): void {
  Deno.test(`${fn}() infers kept and dropped axes`, () => {
    const b = new GraphBuilder();
    const x = b.input("x", "float32", ["b", 4, 8]);
    assertEquals(op(b, x, { axes: [-1] }).shape, ["b", 4, 1]);
    assertEquals(op(b, x, { axes: [0, 2], keepdims: false }).shape, [4]);
    assertEquals(op(b, x, { keepdims: false }).shape, []);
    assertThrows(
      () => op(b, x, { axes: [3], name: "r" }),
      (e: unknown) =>
        e instanceof ShapeError &&
        e.message === `Cannot build ${opType} "r": axis 3 is out of range for rank 3`,
    );
  });

  Deno.test(`${fn}() matches a float64 reference through ORT`, async () => {
    await checkForward(
      { x: { dims: [2, 3, 4] } },
      (b, { x }) => op(b, x!, { axes: [1] }),
      (d) => reduceAxis1(d.x!, true, combine),
    );
    await checkForward(
      { x: { dims: [2, 3, 4] } },
      (b, { x }) => op(b, x!, { axes: [-2], keepdims: false }),
      (d) => reduceAxis1(d.x!, false, combine),
    );
  });

  Deno.test(`${fn} VJP matches finite differences`, async () => {
    await checkVjp(
      { x: { dims: [2, 3, 4], data: rand(24, seed) } },
      (b, { x }) => op(b, x!, { axes: [1] }),
    );
    await checkVjp(
      { x: { dims: [2, 3, 4], data: rand(24, seed + 1) } },
      (b, { x }) => op(b, x!, { axes: [0, 2], keepdims: false }),
    );
    await checkVjp(
      { x: { dims: [2, 3], data: rand(6, seed + 2) } },
      (b, { x }) => op(b, x!, { keepdims: false }),
    );
  });
}
