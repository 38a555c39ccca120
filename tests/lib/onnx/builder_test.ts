import { GraphBuilder } from "../../../lib/onnx/builder.ts";
import { add, matMul, relu, reshape, shape } from "../../../lib/onnx/ops/mod.ts";
import { ShapeError } from "../../../lib/errors.ts";
import { assert, assertEquals, assertThrows } from "../../_helpers/assert.ts";

Deno.test("GraphBuilder gives nodes scoped, unique paths", () => {
  const b = new GraphBuilder("g");
  const x = b.input("x", "float32", [2]);
  const y = b.scope(
    "encoder",
    () => b.scope("3", () => b.scope("time_attention", () => relu(b, x, { name: "qk" }))),
  );
  assertEquals(y.name, "encoder/3/time_attention/qk");
  const z = b.scope(
    "encoder",
    () => b.scope("3", () => b.scope("time_attention", () => relu(b, x, { name: "qk" }))),
  );
  assertEquals(z.name, "encoder/3/time_attention/qk_1");
  assertEquals(b.build().nodes.map((n) => n.name), [
    "encoder/3/time_attention/qk",
    "encoder/3/time_attention/qk_1",
  ]);
});

Deno.test("GraphBuilder shape errors name the node path", () => {
  const b = new GraphBuilder();
  const q = b.input("q", "float32", ["batch", 64]);
  const k = b.input("k", "float32", [48, 8]);
  const err = assertThrows(
    () => b.scope("attn", () => matMul(b, q, k, { name: "qk" })),
    ShapeError,
  );
  void err;
  try {
    b.scope("attn", () => matMul(b, q, k, { name: "qk" }));
  } catch (e) {
    assert(e instanceof ShapeError);
    assertEquals(e.op, "attn/qk");
    assertEquals(e.message, 'Cannot build MatMul "attn/qk": inner dimensions differ: 64 vs 48');
  }
});

Deno.test("GraphBuilder rejects duplicate names, foreign values and wrong initializer sizes", () => {
  const b = new GraphBuilder("g");
  const x = b.input("x", "float32", [2]);
  assertThrows(
    () => b.input("x", "float32", [2]),
    /Cannot add "x": the name is already used in graph "g"/,
  );
  assertThrows(
    () => b.initializer("w", new Float32Array(5), [2, 3]),
    /hold 6 elements but the data has 5/,
  );
  const other = new GraphBuilder("h").input("y", "float32", [2]);
  assertThrows(
    () => add(b, x, other),
    /Cannot use "y" in node "add": it is not a value of graph "g"/,
  );
  assertThrows(() => b.output(x, "x2") && b.output(x, "x2"), /Cannot name output "x2"/);
});

Deno.test("GraphBuilder shares small constants and infers their dtype", () => {
  const b = new GraphBuilder();
  const c1 = b.constant([0, -1], [2], "int64");
  const c2 = b.constant([0, -1], [2], "int64");
  assertEquals(c1, c2);
  assertEquals(b.constant(new Float64Array([1]), [1]).dtype, "float64");
  assertEquals(b.constant([1.5], []).dtype, "float32");
  assertEquals(Array.from(b.constantOf(c1)!.data as BigInt64Array), [0n, -1n]);
});

Deno.test("GraphBuilder.output names outputs through Identity nodes", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", [2]);
  const y = b.output(relu(b, x), "y");
  const g = b.build();
  assertEquals(g.outputs.map((v) => v.name), ["y"]);
  assertEquals(g.nodes.at(-1)!.opType, "Identity");
  assertEquals(y.shape, [2]);
});

Deno.test("GraphBuilder propagates Shape content into Reshape", () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", ["batch", "time", 8]);
  const y = b.input("y", "float32", ["batch", "time", 2, 4]);
  assertEquals(reshape(b, y, shape(b, x)).shape, ["batch", "time", 8]);
});

Deno.test("GraphBuilder.fromGraph turns initializers into inputs", () => {
  const b = new GraphBuilder();
  const w = b.initializer("w", new Float32Array([1, 2]), [2]);
  b.output(relu(b, w), "y");
  const c = GraphBuilder.fromGraph(b.build(), { initializersAsInputs: ["w"] });
  const g = c.build();
  assertEquals(g.inputs.map((v) => v.name), ["w"]);
  assertEquals(g.initializers.length, 0);
  assertEquals(g.outputs.map((v) => v.name), ["y"]);
  assertThrows(
    () => GraphBuilder.fromGraph(b.build(), { initializersAsInputs: ["nope"] }),
    /"nope" .*not an initializer/,
  );
});
