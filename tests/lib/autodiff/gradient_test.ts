import { gradient } from "../../../lib/autodiff/gradient.ts";
import { GraphBuilder } from "../../../lib/onnx/builder.ts";
import {
  add,
  asinh,
  div,
  isNaN,
  matMul,
  mul,
  not,
  reduceMean,
  reduceSum,
  relu,
  sinh,
  softmax,
  sqrt,
  sub,
  transpose,
  where,
} from "../../../lib/onnx/ops/mod.ts";
import { REGISTRY } from "../../../lib/onnx/ops/mod.ts";
import { assert, assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { assertClose } from "../../_helpers/assert_close.ts";
import { checkVjp, numbers, rand, runGraph, tensor } from "../onnx/_harness.ts";

Deno.test("gradient() outputs the loss and grad/<name>, turning initializers into inputs", () => {
  const b = new GraphBuilder("g");
  const x = b.input("x", "float32", ["batch", 3]);
  const w = b.initializer("w", new Float32Array(6), [3, 2]);
  const frozen = b.initializer("frozen", new Float32Array(2), [2]);
  b.output(reduceSum(b, add(b, matMul(b, x, w), frozen), { keepdims: false }), "loss");
  const g = gradient(b.build(), "loss", ["w"]);
  assertEquals(g.outputs.map((v) => v.name), ["loss", "grad/w"]);
  assertEquals(g.inputs.map((v) => v.name), ["x", "w"]);
  assertEquals(g.outputs[1]!.shape, [3, 2]);
  assert(g.initializers.some((t) => t.name === "frozen"));
});

Deno.test("gradient() reports nodes without a VJP rule and unknown names", () => {
  const b = new GraphBuilder("g");
  const x = b.input("x", "float32", [3]);
  const y = b.scope("encoder", () => b.scope("0", () => b.scope("attn", () => softmax(b, x))));
  b.output(reduceSum(b, y, { keepdims: false }), "loss");
  const graph = b.build();
  const nodes = graph.nodes.map((n) => (n.opType === "Softmax" ? { ...n, opType: "Hardmax" } : n));
  assertThrows(
    () => gradient({ ...graph, nodes }, "loss", ["x"]),
    (e: unknown) =>
      e instanceof TypeError &&
      e.message ===
        'Cannot differentiate node "encoder/0/attn/softmax": op "Hardmax" has no VJP rule',
  );
  assertThrows(
    () => gradient(graph, "nope", ["x"]),
    /Cannot differentiate "nope": it is not a value of graph "g"/,
  );
  assertThrows(
    () => gradient(graph, "loss", ["y", "z"]),
    /with respect to "y", "z": not an input or initializer/,
  );
});

Deno.test("gradient() gives zeros for inputs off the path and skips non-differentiable branches", async () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float64", [3]);
  b.input("u", "float64", [2]);
  const clean = where(b, isNaN(b, x), 0, x);
  b.output(reduceSum(b, mul(b, clean, clean), { keepdims: false }), "loss");
  const g = gradient(b.build(), "loss", ["x", "u"]);
  const out = await runGraph(g, {
    x: tensor("float64", [3], [1, NaN, -2]),
    u: tensor("float64", [2], [5, 6]),
  });
  assertClose(numbers(out["grad/x"]!), [2, 0, -4]);
  assertClose(numbers(out["grad/u"]!), [0, 0]);
  void not;
});

Deno.test("every op in the registry has a VJP or is declared non-differentiable, except a known few", () => {
  const without = [...REGISTRY.values()].filter((d) => !d.vjp).map((d) => d.type).sort();
  assertEquals(without, ["ScatterElements"]);
});

Deno.test("gradient() of an RMS-norm + attention block matches finite differences (float64)", async () => {
  await checkVjp(
    {
      x: { dims: [2, 4, 3] },
      w: { dims: [3], initializer: true },
      q: { dims: [3, 3] },
      k: { dims: [3, 3] },
    },
    (b, { x, w, q, k }) => {
      const ms = reduceMean(b, mul(b, x!, x!), { axes: [-1] });
      const n = mul(b, div(b, x!, sqrt(b, add(b, ms, 1e-6))), w!);
      const qq = matMul(b, n, q!);
      const kk = matMul(b, n, k!);
      const a = softmax(b, matMul(b, qq, transpose(b, kk, { perm: [0, 2, 1] })), { axis: -1 });
      return add(b, x!, relu(b, sub(b, matMul(b, a, n), 0.1)));
    },
  );
});

Deno.test("gradient() through asinh/sinh instance scaling matches finite differences (float32)", async () => {
  await checkVjp(
    { x: { dims: [2, 5], data: rand(10, 3, -2, 2) }, s: { dims: [2, 1], data: [1.5, 0.7] } },
    (b, { x, s }) => mul(b, sinh(b, mul(b, asinh(b, div(b, x!, s!)), 0.5)), s!),
    { dtype: "float32", eps: 1e-2, atol: 1e-2, rtol: 1e-2 },
  );
});

Deno.test("gradient() with symbolic batch dims matches finite differences", async () => {
  await checkVjp(
    {
      x: { dims: [3, 2, 4], declared: ["batch", "time", 4] },
      w: { dims: [4, 2], initializer: true },
      bias: { dims: [2], initializer: true },
      scale: { dims: [3, 1, 1], declared: ["batch", 1, 1] },
    },
    (b, { x, w, bias, scale }) => {
      const h = add(b, matMul(b, x!, w!), bias!);
      const hn = div(b, h, reduceMean(b, mul(b, h, h), { axes: [1] }));
      return mul(b, softmax(b, hn, { axis: 1 }), scale!);
    },
  );
});
