import { assert, assertEquals, assertThrows } from "../../../_helpers/assert.ts";
import { assertClose } from "../../../_helpers/assert_close.ts";
import { Rng } from "../../../../lib/optim/rng.ts";
import {
  createLoraAdapters,
  isLoraTarget,
  mergeLora,
  mergeLoraWeight,
} from "../../../../models/chronos2/train/lora.ts";
import { readSafetensors } from "../../../../models/chronos2/weights.ts";
import { TINY_DIR } from "../_loss_case.ts";

Deno.test("createLoraAdapters() adapts the 8 attention projections per block and the head output layer", async () => {
  const w = await readSafetensors(new URL("model.safetensors", TINY_DIR).pathname);
  const ads = createLoraAdapters(w, new Rng(0, "lora"));
  // tiny model: 2 blocks × 2 attentions × 4 projections + 1 head layer
  assertEquals(ads.length, 2 * 2 * 4 + 1);
  const names = ads.map((a) => a.target);
  assert(names.includes("encoder.block.1.layer.1.self_attention.v.weight"));
  assert(names.includes("output_patch_embedding.output_layer.weight"));
  assert(!names.some((n) => n.includes("mlp") || n.includes("input_patch") || n.endsWith("bias")));
  for (const ad of ads) {
    const [o, i] = w.get(ad.target)!.shape;
    assertEquals([ad.out, ad.in, ad.rank, ad.scale], [o, i, 8, 2]);
    assertEquals(ad.nameA, ad.target.replace(/\.weight$/, ".lora_A.weight"));
    assert(ad.b.every((x) => x === 0), "B starts at zero");
    const bound = 1 / Math.sqrt(i!);
    assert(ad.a.every((x) => Math.abs(x) <= bound));
    // Kaiming-uniform: variance bound²/3
    const v = ad.a.reduce((s, x) => s + x * x, 0) / ad.a.length;
    assert(
      Math.abs(v / (bound * bound / 3) - 1) < 0.35,
      `variance ratio ${v / (bound * bound / 3)}`,
    );
  }
  // a fresh adapter does not change the model
  const merged = mergeLora(w, ads);
  for (const [k, t] of w) assertEquals([...merged.get(k)!.data], [...t.data]);
});

Deno.test("mergeLoraWeight() adds (alpha/r)·B·A computed by hand", () => {
  // W 2x3, r = 2, alpha = 4 → scale 2
  const ad = {
    target: "w",
    nameA: "a",
    nameB: "b",
    out: 2,
    in: 3,
    rank: 2,
    scale: 2,
    a: new Float32Array([1, 0, 2, 0, 1, -1]), // A = [[1,0,2],[0,1,-1]]
    b: new Float32Array([1, 1, 0, 3]), // B = [[1,1],[0,3]]
  };
  // B·A = [[1,1,1],[0,3,-3]]
  const merged = mergeLoraWeight(new Float32Array([0, 0, 0, 1, 1, 1]), ad);
  assertClose(merged, [2, 2, 2, 1, 7, -5], { atol: 0 });
  assertThrows(() => mergeLoraWeight(new Float32Array(5), ad), RangeError);
});

Deno.test("LoRA targets and options are validated", () => {
  assert(isLoraTarget("encoder.block.11.layer.0.self_attention.k.weight"));
  assert(!isLoraTarget("encoder.block.0.layer.2.self_attention.k.weight"));
  const one = new Map([["encoder.final_layer_norm.weight", {
    dtype: "F32" as const,
    shape: [4],
    data: new Float32Array(4),
  }]]);
  assertThrows(() => createLoraAdapters(one, new Rng(0)), RangeError);
  assertThrows(() => createLoraAdapters(one, new Rng(0), { rank: 0 }), RangeError);
  assertThrows(() => mergeLora(one, [{ ...createFake(), target: "missing" }]), RangeError);
});

function createFake() {
  return {
    target: "x",
    nameA: "a",
    nameB: "b",
    out: 1,
    in: 1,
    rank: 1,
    scale: 1,
    a: new Float32Array(1),
    b: new Float32Array(1),
  };
}
