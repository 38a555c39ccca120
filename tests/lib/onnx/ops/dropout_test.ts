import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { DROPOUT, dropout } from "../../../../lib/onnx/ops/dropout.ts";
import { mul } from "../../../../lib/onnx/ops/mul.ts";
import { reduceSum } from "../../../../lib/onnx/ops/reduce_sum.ts";
import { serializeModel } from "../../../../lib/onnx/serialize.ts";
import { gradient } from "../../../../lib/autodiff/gradient.ts";
import { createSession } from "../../../../lib/runtime/session.ts";
import { assert, assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { assertClose } from "../../../_helpers/assert_close.ts";
import { checkVjp, numbers, rand, runGraph, tensor } from "../_harness.ts";

Deno.test("dropout() is the identity when not training and checks the ratio", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", ["b", 8]);
  assertEquals(dropout(b, x), x);
  assertEquals(dropout(b, x, { training: b.input("t", "bool", []) }).shape, ["b", 8]);
  assertThrows(() => dropout(b, x, { ratio: 1, training: true }), RangeError);
});

Deno.test("dropout() in training survives ORT's optimizer, scales kept values and switches off at run time", async () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", [4, 256]);
  const t = b.input("train", "bool", []);
  b.output(dropout(b, x, { ratio: 0.25, training: t }), "y");
  const g = b.build();
  const ones = tensor("float32", [4, 256], new Float32Array(1024).fill(1));
  const on = numbers((await runGraph(g, { x: ones, train: tensor("bool", [], [1]) })).y!);
  assert(on.every((v) => v === 0 || Math.abs(v - 4 / 3) < 1e-6));
  const dropped = on.filter((v) => v === 0).length / on.length;
  assert(dropped > 0.18 && dropped < 0.32, `dropped fraction ${dropped}`);
  const off = numbers((await runGraph(g, { x: ones, train: tensor("bool", [], [0]) })).y!);
  assert(off.every((v) => v === 1));
});

Deno.test("dropout() with a fed mask computes x·mask/(1 − ratio)", async () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float64", [4]);
  const m = b.input("m", "bool", [4]);
  b.output(dropout(b, x, { ratio: 0.5, mask: m }), "y");
  const out = await runGraph(b.build(), {
    x: tensor("float64", [4], [1, 2, 3, 4]),
    m: tensor("bool", [4], [1, 0, 0, 1]),
  });
  assertClose(numbers(out.y!), [2, 0, 0, 8]);
});

Deno.test("dropout VJP (fed mask) matches finite differences", async () => {
  await checkVjp(
    {
      x: { dims: [2, 3] },
      m: { dims: [2, 3], dtype: "bool", data: [1, 0, 1, 1, 1, 0], wrt: false },
    },
    (b, { x, m }) => dropout(b, x!, { ratio: 0.1, mask: m! }),
  );
});

Deno.test("Dropout node VJP reuses the node's mask output (optimizer off)", async () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", [64]);
  const [y] = b.addNode(
    DROPOUT,
    [x, b.constant([0.5], [], "float32"), b.constant([1], [], "bool")],
    {},
    {
      outputs: 2,
    },
  );
  const r = rand(64, 5, 0.5, 1.5);
  b.output(
    reduceSum(b, mul(b, y!, b.constant(Float32Array.from(r), [64])), { keepdims: false }),
    "loss",
  );
  const g = gradient(b.build(), "loss", ["x"]);
  const s = await createSession(serializeModel(g), {
    executionProvider: "cpu",
    graphOptimization: "disabled",
  });
  try {
    const out = await s.run({ x: tensor("float32", [64], new Float32Array(64).fill(1)) });
    const grad = numbers(out["grad/x"]!);
    const mask = grad.map((v, i) => v / (2 * r[i]!));
    assert(mask.every((m) => Math.abs(m) < 1e-6 || Math.abs(m - 1) < 1e-6));
    assert(mask.some((m) => m > 0.5) && mask.some((m) => m < 0.5));
    assertClose(numbers(out.loss!)[0]!, grad.reduce((a, v) => a + v, 0), { rtol: 1e-5 });
  } finally {
    await s.release();
  }
});
