import { equal, throws } from "node:assert/strict";
import { DMatrix } from "../../../lib/gbdt/dmatrix.ts";

Deno.test("DMatrix.fromDense() keeps the rows and columns", () => {
  using m = DMatrix.fromDense(new Float32Array(12), 4, 3);
  equal(m.rows, 4);
  equal(m.cols, 3);
});

Deno.test("DMatrix.fromDense() refuses a size mismatch and empty shapes", () => {
  throws(() => DMatrix.fromDense(new Float32Array(5), 2, 3), /got 5 values, expected 6/);
  throws(() => DMatrix.fromDense(new Float32Array(0), 0, 3), RangeError);
});

Deno.test("DMatrix.setLabel() wants one label per row", () => {
  using m = DMatrix.fromDense(new Float32Array(4), 2, 2);
  throws(() => m.setLabel([1, 2, 3]), /3 labels on a DMatrix of 2 rows/);
  m.setLabel([1, 2]);
});

Deno.test("DMatrix cannot be used after free()", () => {
  const m = DMatrix.fromDense(new Float32Array(4), 2, 2);
  m.free();
  m.free();
  throws(() => m.rows, ReferenceError);
});
