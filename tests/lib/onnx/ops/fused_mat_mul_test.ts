import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { fusedMatMul } from "../../../../lib/onnx/ops/fused_mat_mul.ts";
import { checkForward, checkVjp } from "../_harness.ts";

/** alpha·op(A)·op(B) per batch entry, in float64 loops (row-major [batch, r, c]). */
function refFused(
  a: number[],
  ad: number[],
  c: number[],
  cd: number[],
  o: { ta: boolean; tb: boolean; alpha: number },
) {
  const batch = ad.slice(0, -2).reduce((x, y) => x * y, 1);
  const [ar, ac] = ad.slice(-2) as [number, number];
  const [cr, cc] = cd.slice(-2) as [number, number];
  const [m, k] = o.ta ? [ac, ar] : [ar, ac];
  const n = o.tb ? cr : cc;
  const values: number[] = [];
  for (let bi = 0; bi < batch; bi++) {
    const A = (i: number, p: number) => a[bi * ar * ac + (o.ta ? p * ac + i : i * ac + p)]!;
    const B = (p: number, j: number) => c[bi * cr * cc + (o.tb ? j * cc + p : p * cc + j)]!;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += A(i, p) * B(p, j);
        values.push(o.alpha * s);
      }
    }
  }
  return { dims: [...ad.slice(0, -2), m, n], values };
}

const CASES = [[false, false], [true, false], [false, true], [true, true]] as const;

Deno.test("fusedMatMul() infers [..., M, N] under every transpose and names the node on a mismatch", () => {
  const b = new GraphBuilder();
  const q = b.input("q", "float32", [2, 3, 5, 4]);
  assertEquals(fusedMatMul(b, q, b.input("k", "float32", [2, 3, 6, 4]), { transB: true }).shape, [
    2,
    3,
    5,
    6,
  ]);
  assertEquals(fusedMatMul(b, q, b.input("g", "float32", [2, 3, 5, 7]), { transA: true }).shape, [
    2,
    3,
    4,
    7,
  ]);
  assertThrows(
    () => fusedMatMul(b, q, b.input("bad", "float32", [2, 3, 6, 5]), { transB: true, name: "s" }),
    (e: unknown) => e instanceof ShapeError && /inner dimensions differ: 4 vs 5/.test(e.message),
  );
  assertThrows(() => fusedMatMul(b, q, b.input("r", "float32", [4, 6])), ShapeError);
});

Deno.test("fusedMatMul() matches a float64 reference through ORT (batch axes, transposes, alpha)", async () => {
  for (const [ta, tb] of CASES) {
    const ad = ta ? [2, 3, 4, 5] : [2, 3, 5, 4];
    const cd = tb ? [2, 3, 6, 4] : [2, 3, 4, 6];
    await checkForward(
      { a: { dims: ad, dtype: "float32" }, c: { dims: cd, dtype: "float32" } },
      (b, { a, c }) => fusedMatMul(b, a!, c!, { transA: ta, transB: tb, alpha: 0.5 }),
      (d) => refFused(d.a!, ad, d.c!, cd, { ta, tb, alpha: 0.5 }),
      { atol: 1e-5, rtol: 1e-5 },
    );
  }
});

Deno.test("fusedMatMul VJP matches finite differences under every transpose, with alpha", async () => {
  for (const [ta, tb] of CASES) {
    await checkVjp(
      { a: { dims: ta ? [2, 4, 3] : [2, 3, 4] }, c: { dims: tb ? [2, 5, 4] : [2, 4, 5] } },
      (b, { a, c }) => fusedMatMul(b, a!, c!, { transA: ta, transB: tb, alpha: 0.7 }),
      { dtype: "float32" },
    );
  }
});
