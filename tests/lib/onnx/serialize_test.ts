import { fromBinary } from "@bufbuild/protobuf";
import { ModelProtoSchema } from "onnx-buf";
import { GraphBuilder } from "../../../lib/onnx/builder.ts";
import { add, constantOfShape, matMul, shape } from "../../../lib/onnx/ops/mod.ts";
import { serializeModel, serializeModelChunks } from "../../../lib/onnx/serialize.ts";
import { assert, assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { assertClose } from "../../_helpers/assert_close.ts";
import { numbers, runGraph, tensor } from "./_harness.ts";
import { createSession } from "../../../lib/runtime/session.ts";

function model() {
  const b = new GraphBuilder("ser");
  const x = b.input("x", "float32", ["batch", 3]);
  const w = b.initializer("w", new Float32Array([1, 2, 3, 4, 5, 6]), [3, 2]);
  const bias = b.initializer("bias", new Float64Array([0.5, -0.5]), [2]);
  const y = matMul(b, x, w);
  b.output(y, "y");
  b.output(
    add(b, bias, constantOfShape(b, shape(b, y, { start: 1 }), { value: 1, dtype: "float64" })),
    "z",
  );
  return b.build();
}

Deno.test("serializeModel() writes a ModelProto that decodes with every field intact", () => {
  const m = fromBinary(ModelProtoSchema, serializeModel(model()));
  assertEquals(m.irVersion, 8n);
  assertEquals(m.opsetImport.map((o) => [o.domain, o.version]), [["", 18n]]);
  const g = m.graph!;
  assertEquals(g.input.map((v) => v.name), ["x"]);
  assertEquals(g.output.map((v) => v.name), ["y", "z"]);
  const dims = g.input[0]!.type!.value.case === "tensorType"
    ? g.input[0]!.type!.value.value.shape!.dim
    : [];
  assertEquals(dims.map((d) => d.value.value), ["batch", 3n]);
  const w = g.initializer.find((t) => t.name === "w")!;
  assertEquals([w.dims, w.dataType], [[3n, 2n], 1]);
  assertEquals(Array.from(new Float32Array(w.rawData.slice().buffer)), [1, 2, 3, 4, 5, 6]);
  const bias = g.initializer.find((t) => t.name === "bias")!;
  assertEquals(Array.from(new Float64Array(bias.rawData.slice().buffer)), [0.5, -0.5]);
  const cos = g.node.find((n) => n.opType === "ConstantOfShape")!;
  assertEquals(cos.attribute[0]!.name, "value");
});

Deno.test("serializeModel() output runs in ONNX Runtime", async () => {
  const out = await runGraph(model(), { x: tensor("float32", [1, 3], [1, 1, 1]) });
  assertClose(numbers(out.y!), [9, 12]);
  assertClose(numbers(out.z!), [1.5, 0.5]);
});

Deno.test("serializeModelChunks() concatenates to serializeModel() and shares weight memory", () => {
  const g = model();
  const chunks = serializeModelChunks(g);
  const joined = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    joined.set(c, at);
    at += c.length;
  }
  assertEquals(joined, serializeModel(g));
  const w = g.initializers.find((t) => t.name === "w")!;
  assert(chunks.some((c) => c.buffer === w.data.buffer));
});

Deno.test("serializeModel() writes external data that ONNX Runtime reads from the file beside the model", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // The weights file: 5 junk bytes, then w's six float32 values (as a safetensors payload would be).
    const file = new Uint8Array(5 + 24);
    file.set([9, 9, 9, 9, 9]);
    file.set(new Uint8Array(new Float32Array([1, 2, 3, 4, 5, 6]).buffer), 5);
    await Deno.writeFile(`${dir}/weights.bin`, file);
    const g = model();
    const bytes = serializeModel(g, {
      externalData: (init) =>
        init.name === "w" ? { location: "weights.bin", offset: 5, length: 24 } : undefined,
    });
    const w = fromBinary(ModelProtoSchema, bytes).graph!.initializer.find((t) => t.name === "w")!;
    assertEquals([w.rawData.length, w.dataLocation], [0, 1]);
    assertEquals(
      w.externalData.map((e) => [e.key, e.value]),
      [["location", "weights.bin"], ["offset", "5"], ["length", "24"]],
    );
    // zeros in the file give zeros out: the runtime read the file, not a copy in the model
    file.set(new Uint8Array(new Float32Array([0, 0, 0, 0, 0, 0]).buffer), 5);
    await Deno.writeFile(`${dir}/weights.bin`, file);
    await Deno.writeFile(`${dir}/m.onnx`, bytes);
    const s = await createSession(`${dir}/m.onnx`, { executionProvider: "cpu" });
    const zero = await s.run({ x: tensor("float32", [1, 3], [1, 1, 1]) });
    assertClose(numbers(zero.y!), [0, 0]);
    await s.release();
    file.set(new Uint8Array(new Float32Array([1, 2, 3, 4, 5, 6]).buffer), 5);
    await Deno.writeFile(`${dir}/weights.bin`, file);
    const s2 = await createSession(`${dir}/m.onnx`, { executionProvider: "cpu" });
    const out = await s2.run({ x: tensor("float32", [1, 3], [1, 1, 1]) });
    assertClose(numbers(out.y!), [9, 12]);
    await s2.release();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("serializeModel() refuses external data outside the model folder or of the wrong length", () => {
  for (
    const ref of [
      { location: "../w.bin", offset: 0, length: 24 },
      { location: "/tmp/w.bin", offset: 0, length: 24 },
      { location: "w.bin", offset: -1, length: 24 },
      { location: "w.bin", offset: 0, length: 20 },
    ]
  ) {
    assertThrows(
      () => serializeModel(model(), { externalData: (i) => (i.name === "w" ? ref : undefined) }),
      /initializer "w" as external data/,
    );
  }
});
