import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { dropout } from "../../../../lib/onnx/ops/dropout.ts";
import { assert, assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { assertClose } from "../../../_helpers/assert_close.ts";
import { checkVjp, numbers, runGraph, tensor } from "../_harness.ts";

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
