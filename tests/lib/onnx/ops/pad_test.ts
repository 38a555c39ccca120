import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { pad } from "../../../../lib/onnx/ops/pad.ts";
import { transpose } from "../../../../lib/onnx/ops/transpose.ts";
import { serializeModel } from "../../../../lib/onnx/serialize.ts";
import { createSession } from "../../../../lib/runtime/session.ts";
import { assertClose } from "../../../_helpers/assert_close.ts";
import { checkForward, checkVjp, rand, size } from "../_harness.ts";

Deno.test("pad() grows the padded axes and checks the pads length", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", ["b", 10]);
  assertEquals(pad(b, x, { pads: [6, 0], axes: [1], value: NaN }).shape, ["b", 16]);
  assertEquals(pad(b, b.input("y", "float32", [2, 3]), { pads: [1, 0, 0, 2] }).shape, [3, 5]);
  assertThrows(
    () => pad(b, x, { pads: [1], axes: [1], name: "p" }),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message === 'Cannot build Pad "p": pads has 1 entries but 2 are needed for [b, 10]',
  );
});

Deno.test("pad() left-pads with NaN through ORT", async () => {
  await checkForward(
    { x: { dims: [1, 2] } },
    (b, { x }) => pad(b, x!, { pads: [2, 1], axes: [1], value: NaN }),
    (d) => ({
      dims: [1, 5],
      values: [NaN, NaN, d.x![0]!, d.x![1]!, 0].map((v, i) => (i === 4 ? NaN : v)),
    }),
  );
});

Deno.test("pad VJP matches finite differences", async () => {
  await checkVjp({ x: { dims: [2, 3] } }, (b, { x }) => pad(b, x!, { pads: [1, 2, 0, 1] }));
  await checkVjp(
    { x: { dims: [2, 3] } },
    (b, { x }) => pad(b, x!, { pads: [0, 2], axes: [-1], value: 3 }),
  );
});

Deno.test("pad() with axes writes full-rank pads and no axes input", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", [2, 3, 4]);
  const y = pad(b, x, { pads: [1, 2, 3, 4], axes: [-1, 0], name: "p" });
  assertEquals(y.shape, [8, 3, 8]);
  const g = b.build();
  const node = g.nodes.find((n) => n.name === "p")!;
  assertEquals(node.inputs.length, 2);
  const pads = g.initializers.find((i) => i.name === node.inputs[1])!;
  // independent: axis 0 gets begin 2 / end 4, axis 2 gets begin 1 / end 3
  assertEquals(Array.from(pads.data as BigInt64Array, Number), [2, 0, 1, 4, 0, 3]);
});

Deno.test("Transpose -> pad(axes) -> Transpose runs under every ORT optimisation level", async () => {
  // ORT 1.30's transpose optimizer broke on a Pad with an `axes` input here
  const dims = [2, 3, 4, 5];
  const b = new GraphBuilder();
  const x = b.input("x", "float32", dims);
  const t = transpose(b, x, { perm: [0, 2, 1, 3] });
  b.output(transpose(b, pad(b, t, { pads: [4, 1], axes: [3] }), { perm: [0, 2, 1, 3] }), "y");
  const model = serializeModel(b.build());
  const data = Float32Array.from(rand(size(dims), 5));
  // reference: each innermost row of 5 gets 4 zeros before and 1 after
  const expected: number[] = [];
  for (let r = 0; r < 2 * 3 * 4; r++) {
    expected.push(0, 0, 0, 0, ...data.subarray(r * 5, r * 5 + 5), 0);
  }
  for (const level of ["disabled", "basic", "all"] as const) {
    const s = await createSession(model, { executionProvider: "cpu", graphOptimization: level });
    try {
      const y = (await s.run({ x: { dtype: "float32", dims, data } })).y!;
      assertEquals(y.dims, [2, 3, 4, 10]);
      assertClose(Array.from(y.data as Float32Array), expected, { atol: 0, rtol: 0, label: level });
    } finally {
      await s.release();
    }
  }
});
