import { fromBinary } from "@bufbuild/protobuf";
import { ModelProtoSchema } from "onnx-buf";
import { GraphBuilder } from "../../../lib/onnx/builder.ts";
import { add, constantOfShape, matMul, shape } from "../../../lib/onnx/ops/mod.ts";
import { serializeModel, serializeModelChunks } from "../../../lib/onnx/serialize.ts";
import { assert, assertEquals } from "../../_helpers/assert.ts";
import { assertClose } from "../../_helpers/assert_close.ts";
import { numbers, runGraph, tensor } from "./_harness.ts";

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
