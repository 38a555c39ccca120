import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { gemm } from "../../../../lib/onnx/ops/gemm.ts";
import { checkForward, checkVjp } from "../_harness.ts";

/** alpha·op(A)·op(B) + beta·C in float64 loops, C a row [N] or absent. */
function refGemm(
  a: number[],
  ad: [number, number],
  c: number[],
  cd: [number, number],
  o: { ta: boolean; tb: boolean; alpha: number; beta: number; bias?: number[] },
) {
  const [m, k] = o.ta ? [ad[1], ad[0]] : ad;
  const n = o.tb ? cd[0] : cd[1];
  const at = (i: number, p: number) => (o.ta ? a[p * ad[1] + i]! : a[i * ad[1] + p]!);
  const bt = (p: number, j: number) => (o.tb ? c[j * cd[1] + p]! : c[p * cd[1] + j]!);
  const values: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += at(i, p) * bt(p, j);
      values.push(o.alpha * s + (o.bias ? o.beta * o.bias[j]! : 0));
    }
  }
  return { dims: [m, n], values };
}

Deno.test("gemm() infers [M, N] under every transpose and names the node on a mismatch", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", [5, 3]);
  assertEquals(gemm(b, x, b.input("w", "float32", [3, 4])).shape, [5, 4]);
  assertEquals(gemm(b, x, b.input("wt", "float32", [4, 3]), { transB: true }).shape, [5, 4]);
  assertEquals(gemm(b, x, b.input("y", "float32", [5, 2]), { transA: true }).shape, [3, 2]);
  assertThrows(
    () => b.scope("lin", () => gemm(b, x, b.input("bad", "float32", [4, 2]), { name: "fc" })),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message === 'Cannot build Gemm "lin/fc": inner dimensions differ: 3 vs 4',
  );
});

Deno.test("gemm() matches a float64 reference through ORT (transposes, alpha, beta, bias row)", async () => {
  for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    const ad: [number, number] = ta ? [4, 3] : [3, 4];
    const cd: [number, number] = tb ? [5, 4] : [4, 5];
    await checkForward(
      { a: { dims: ad }, c: { dims: cd }, bias: { dims: [5] } },
      (b, { a, c, bias }) =>
        gemm(b, a!, c!, { transA: ta, transB: tb, alpha: 0.5, beta: 2, c: bias! }),
      (d) => refGemm(d.a!, ad, d.c!, cd, { ta, tb, alpha: 0.5, beta: 2, bias: d.bias! }),
    );
  }
});

Deno.test("gemm VJP matches finite differences under every transpose, with alpha, beta and a bias row", async () => {
  for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    await checkVjp(
      { a: { dims: ta ? [4, 3] : [3, 4] }, c: { dims: tb ? [2, 4] : [4, 2] }, bias: { dims: [2] } },
      (b, { a, c, bias }) =>
        gemm(b, a!, c!, { transA: ta, transB: tb, alpha: 0.7, beta: 1.5, c: bias! }),
    );
  }
  await checkVjp(
    { a: { dims: [3, 4] }, c: { dims: [2, 4] } },
    (b, { a, c }) => gemm(b, a!, c!, { transB: true }),
  );
});
