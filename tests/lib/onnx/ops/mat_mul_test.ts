import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { matMul } from "../../../../lib/onnx/ops/mat_mul.ts";
import { checkForward, checkVjp, indices, offset, rand } from "../_harness.ts";

function refMatMul(a: number[], ad: number[], c: number[], cd: number[]) {
  // [B?, M, K] x [K, N] with a's leading batch
  const [m, k] = ad.slice(-2) as [number, number];
  const n = cd[cd.length - 1]!;
  const batch = ad.length === 3 ? ad[0]! : 1;
  const values: number[] = [];
  for (let bb = 0; bb < batch; bb++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[bb * m * k + i * k + p]! * c[p * n + j]!;
        values.push(s);
      }
    }
  }
  return { dims: ad.length === 3 ? [batch, m, n] : [m, n], values };
}

Deno.test("matMul() infers batch, symbolic and vector shapes", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", ["batch", 1, 5, 64]);
  assertEquals(matMul(b, x, b.input("w", "float32", [3, 64, 8])).shape, ["batch", 3, 5, 8]);
  assertEquals(matMul(b, b.input("v", "float32", [64]), b.input("m", "float32", [64, 8])).shape, [
    8,
  ]);
  assertEquals(matMul(b, b.input("m2", "float32", [2, 64]), b.input("v2", "float32", [64])).shape, [
    2,
  ]);
  assertEquals(matMul(b, x, b.input("s", "float32", ["k", "n"])).shape, ["batch", 1, 5, "n"]);
});

Deno.test("matMul() names the node when inner dimensions differ", () => {
  const b = new GraphBuilder();
  const q = b.input("q", "float32", [2, 64]);
  const k = b.input("k", "float32", [48, 2]);
  assertThrows(
    () => b.scope("attn", () => matMul(b, q, k, { name: "qk" })),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message === 'Cannot build MatMul "attn/qk": inner dimensions differ: 64 vs 48',
  );
});

Deno.test("matMul() matches a float64 reference through ORT", async () => {
  await checkForward(
    { x: { dims: [2, 3, 4] }, w: { dims: [4, 5] } },
    (b, { x, w }) => matMul(b, x!, w!),
    (d) => refMatMul(d.x!, [2, 3, 4], d.w!, [4, 5]),
  );
  void indices;
  void offset;
});

Deno.test("matMul VJP matches finite differences, with batch broadcasting and vectors", async () => {
  await checkVjp(
    { x: { dims: [2, 3, 4] }, w: { dims: [4, 2] } },
    (b, { x, w }) => matMul(b, x!, w!),
  );
  await checkVjp(
    { x: { dims: [1, 2, 3] }, w: { dims: [2, 3, 2] } },
    (b, { x, w }) => matMul(b, x!, w!),
  );
  await checkVjp({ v: { dims: [3] }, w: { dims: [2, 3, 2] } }, (b, { v, w }) => matMul(b, v!, w!));
  await checkVjp({ x: { dims: [2, 3] }, v: { dims: [3] } }, (b, { x, v }) => matMul(b, x!, v!));
  await checkVjp({ x: { dims: [3, 3], data: rand(9, 4) } }, (b, { x }) => matMul(b, x!, x!));
});
