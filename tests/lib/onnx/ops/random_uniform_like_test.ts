import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import { randomUniformLike } from "../../../../lib/onnx/ops/random_uniform_like.ts";
import { assert, assertEquals } from "../../../_helpers/assert.ts";
import { numbers, runGraph, tensor } from "../_harness.ts";

Deno.test("randomUniformLike() copies shape and dtype and draws within bounds", async () => {
  const b = new GraphBuilder();
  const x = b.input("x", "float32", ["b", 64]);
  const u = randomUniformLike(b, x, { low: 2, high: 3, seed: 1 });
  assertEquals([u.dtype, u.shape], ["float32", ["b", 64]]);
  b.output(u, "u");
  const out = await runGraph(b.build(), { x: tensor("float32", [2, 64], new Float32Array(128)) });
  const v = numbers(out.u!);
  assert(v.every((a) => a >= 2 && a < 3));
  assert(new Set(v).size > 100);
});
