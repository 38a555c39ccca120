import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { dynamicQuantizeMatMul } from "../../../../lib/onnx/ops/mod.ts";
import { assertThrows } from "../../../_helpers/assert.ts";
import { assertClose } from "../../../_helpers/assert_close.ts";
import { numbers, rand, runGraph, tensor } from "../_harness.ts";

Deno.test("dynamicQuantizeMatMul() matches the uint8 x int8 product computed by hand (float64)", async () => {
  const [M, K, N] = [5, 7, 3];
  const x = rand(M * K, 3, -2, 1.5);
  const wq = Int8Array.from(rand(K * N, 4, -127, 127), Math.round);
  const ws = Float32Array.from([0.01, 0.02, 0.005]);
  const bias = Float32Array.from([0.5, -1, 0.25]);
  const b = new GraphBuilder("dq");
  const xi = b.input("x", "float32", ["m", K]);
  const y = dynamicQuantizeMatMul(
    b,
    xi,
    b.initializer("w", wq, [K, N]),
    b.initializer("s", ws, [N]),
    b.initializer("bias", bias, [N]),
  );
  b.output(y, "y");
  const out = await runGraph(b.build(), { x: tensor("float32", [M, K], x) });
  // ONNX DynamicQuantizeLinear: range widened to include 0, scale = range / 255,
  // zero point = round(-min / scale), q = clamp(round(x / scale) + zp, 0, 255), ties to even.
  const xf = Float32Array.from(x);
  const lo = Math.min(0, ...xf);
  const hi = Math.max(0, ...xf);
  const scale = Math.fround((hi - lo) / 255);
  const rte = (v: number) => {
    const r = Math.round(v);
    return Math.abs(v - Math.trunc(v)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  };
  const zp = Math.max(0, Math.min(255, rte(-lo / scale)));
  const xq = Array.from(xf, (v) => Math.max(0, Math.min(255, rte(v / scale) + zp)));
  const want: number[] = [];
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let acc = 0;
      for (let k = 0; k < K; k++) acc += (xq[m * K + k]! - zp) * wq[k * N + n]!;
      want.push(acc * scale * ws[n]! + bias[n]!);
    }
  }
  assertClose(numbers(out.y!), want, { rtol: 1e-5, atol: 1e-5 });
});

Deno.test("dynamicQuantizeMatMul() refuses float weights and mismatched sizes", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", [2, 3]);
  const s = b.initializer("s", new Float32Array(2), [2]);
  assertThrows(
    () => dynamicQuantizeMatMul(b, x, b.initializer("wf", new Float32Array(6), [3, 2]), s),
    /int8/,
  );
  assertThrows(
    () => dynamicQuantizeMatMul(b, x, b.initializer("w4", new Int8Array(8), [4, 2]), s),
    /3 columns/,
  );
});
