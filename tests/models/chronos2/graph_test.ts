import { assert, assertEquals, assertThrows } from "../../_helpers/assert.ts";
import { assertClose } from "../../_helpers/assert_close.ts";
import { parseChronos2Config } from "../../../models/chronos2/config.ts";
import { buildChronos2Graph, chronos2Forward } from "../../../models/chronos2/graph.ts";
import { GraphBuilder, type Value } from "../../../lib/onnx/mod.ts";
import { serializeModel } from "../../../lib/onnx/serialize.ts";
import { createSession } from "../../../lib/runtime/session.ts";
import { createOnnxRunner } from "../../../models/chronos2/onnx_runner.ts";
import { referenceForward } from "../../../models/chronos2/reference_forward.ts";
import { expectedWeightShapes } from "../../../models/chronos2/weight_layout.ts";
import type { WeightMap } from "../../../models/chronos2/weights.ts";
import { ModelFormatError } from "../../../lib/errors.ts";

// Another shape than the fixture: heads·d_kv (32) ≠ d_model (24), 3 layers, context 64, 13 quantiles.
const config = parseChronos2Config({
  d_model: 24,
  d_kv: 8,
  d_ff: 40,
  num_layers: 3,
  num_heads: 4,
  feed_forward_proj: "relu",
  chronos_config: {
    context_length: 64,
    input_patch_size: 16,
    input_patch_stride: 16,
    output_patch_size: 16,
    max_output_patches: 4,
    quantiles: [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99],
    use_reg_token: true,
    use_arcsinh: true,
    time_encoding_scale: 100,
  },
});

function randomWeights(seed: number): WeightMap {
  let s = seed >>> 0;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const w: WeightMap = new Map();
  for (const [name, shape] of expectedWeightShapes(config)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const scale = name.includes("layer_norm")
      ? 0
      : name.endsWith("bias")
      ? 0.1
      : 0.5 / Math.sqrt(shape[1] ?? 1);
    const data = Float32Array.from(
      { length: n },
      () => (name.includes("layer_norm") ? 1 + 0.1 * rand() : scale * rand() * 1.7),
    );
    w.set(name, { dtype: "F32", shape, data });
  }
  return w;
}

Deno.test("the ONNX graph agrees with the reference forward on another model shape (groups, NaNs, truncation, covariates)", async () => {
  const weights = randomWeights(7);
  const rows = 5;
  const length = 90; // longer than context_length 64: truncated inside the graph
  const context = Float32Array.from(
    { length: rows * length },
    (_, i) => Math.sin(i / 5) * (1 + (i % 7)) + (i % 13 === 0 ? NaN : 0),
  );
  context.fill(NaN, length, length + 40); // row 1: long left padding
  context.fill(3.5, 2 * length, 3 * length); // row 2: constant
  const nOut = 3;
  const future = new Float32Array(rows * nOut * 16).fill(NaN);
  for (let t = 0; t < 40; t++) future[3 * nOut * 16 + t] = Math.cos(t / 4);
  const groupIds = new Int32Array([0, 0, 1, 2, 2]);
  const input = {
    context,
    rows,
    length,
    groupIds,
    futureCovariates: future,
    numOutputPatches: nOut,
  };
  const ref = referenceForward(config, weights, input);
  const runner = createOnnxRunner(config, weights, { intraOpThreads: 1 });
  try {
    const got = await runner.forward(input);
    assertEquals(runner.lastVariant, "group");
    assertEquals(got.length, rows * 13 * nOut * 16);
    for (let r = 0; r < rows; r++) {
      const block = 13 * nOut * 16;
      const e = ref.subarray(r * block, (r + 1) * block);
      const mag = e.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      assertClose(got.subarray(r * block, (r + 1) * block), e, {
        atol: 1e-4 * mag,
        rtol: 0,
        label: `row ${r}`,
      });
    }
    // Singleton groups: the shortcut variant is chosen and agrees too.
    const single = { ...input, groupIds: new Int32Array([0, 1, 2, 3, 4]) };
    const ref2 = referenceForward(config, weights, single);
    const got2 = await runner.forward(single);
    assertEquals(runner.lastVariant, "singleton");
    const mag2 = ref2.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    assertClose(got2, ref2, { atol: 1e-4 * mag2, rtol: 0 });
    // Splitting a call into whole groups is exact.
    const split = createOnnxRunner(config, weights, { intraOpThreads: 1, maxRowsPerRun: 2 });
    const whole = createOnnxRunner(config, weights, { intraOpThreads: 1, maxRowsPerRun: 0 });
    try {
      assertClose(await split.forward(input), await whole.forward(input), {
        atol: 1e-6 * mag2,
        rtol: 1e-6,
      });
      assertClose(await split.forward(single), await whole.forward(single), {
        atol: 1e-6 * mag2,
        rtol: 1e-6,
      });
    } finally {
      await split.release();
      await whole.release();
    }
  } finally {
    await runner.release();
  }
});

Deno.test("buildChronos2Graph() has dynamic batch, time and horizon inputs and one quantiles output", () => {
  const g = buildChronos2Graph(config, randomWeights(1));
  assertEquals(g.inputs.map((v) => [v.name, v.dtype]), [["context", "float32"], [
    "group_ids",
    "int64",
  ], ["future_covariates", "float32"]]);
  assertEquals(g.inputs[0]!.shape, ["batch", "time"]);
  assertEquals(g.outputs.map((v) => v.name), ["quantiles"]);
  const s = buildChronos2Graph(config, randomWeights(1), { variant: "singleton" });
  assertEquals(s.inputs.map((v) => v.name), ["context", "future_covariates"]);
  assert(!g.nodes.some((n) => n.opType.startsWith("com.")));
  const w = randomWeights(1);
  w.delete("encoder.block.2.layer.2.mlp.wo.weight");
  assertThrows(() => buildChronos2Graph(config, w), ModelFormatError);
});

Deno.test("chronos2Forward() calls the dropout hook at every official site, in order, and reads any weight source", () => {
  const b = new GraphBuilder();
  const asked: string[] = [];
  const source = {
    get(name: string): Value {
      asked.push(name);
      return b.input(name, "float32", expectedWeightShapes(config).get(name)!);
    },
  };
  const sites: string[] = [];
  const out = chronos2Forward(
    b,
    config,
    {
      context: b.input("context", "float32", [2, 40]), // 3 patches after padding 8 steps
      groupIds: b.input("group_ids", "int64", [2]),
      futureCovariates: b.input("future_covariates", "float32", [2, 32]), // 2 output patches
    },
    source,
    {
      fixedShapes: true,
      drop: (site, x) => {
        sites.push(`${site} ${x.shape.join("x")}`);
        return x;
      },
    },
  );
  // S = 3 context patches + [REG] + 2 future patches = 6; D 24, 4 heads, d_ff 40, 13 quantiles
  const layer = (l: number) => [
    `encoder.block.${l}.layer.0.self_attention.probs 2x4x6x6`,
    `encoder.block.${l}.layer.0.residual 2x6x24`,
    `encoder.block.${l}.layer.1.self_attention.probs 6x4x2x2`,
    // the stream stays [rows, tokens, D] through group attention (only its heads are transposed)
    `encoder.block.${l}.layer.1.residual 2x6x24`,
    `encoder.block.${l}.layer.2.mlp.hidden 2x6x40`,
    `encoder.block.${l}.layer.2.residual 2x6x24`,
  ];
  assertEquals(sites, [
    "input_patch_embedding.context 2x3x24",
    "input_patch_embedding.future 2x2x24",
    "encoder.input 2x6x24",
    ...layer(0),
    ...layer(1),
    ...layer(2),
    "encoder.output 2x2x24",
    "output_patch_embedding 2x2x208",
  ]);
  assertEquals(out.quantilesNormalized.shape, [2, 13, 32]);
  assertEquals(new Set(asked), new Set(expectedWeightShapes(config).keys()));
  assertEquals(asked.length, new Set(asked).size); // each weight asked once
  const single = new GraphBuilder();
  const inputs = {
    context: single.input("context", "float32", ["batch", "time"]),
    futureCovariates: single.input("future_covariates", "float32", ["batch", "future"]),
  };
  assertThrows(
    () => chronos2Forward(single, config, inputs, randomWeights(1), { drop: (_, x) => x }),
    TypeError,
  );
  assertThrows(
    () => chronos2Forward(single, config, inputs, randomWeights(1), { fixedShapes: true }),
    TypeError,
  );
});

// the training graphs' options: each computes the same forecasts by other nodes
const TRAINING_OPTIONS = {
  lastLayerAtOutputsOnly: true,
  fusedProducts: true,
  rotateByProduct: true,
} as const;
// 40: not a multiple of 16, padded inside; 90: longer than context_length 64, truncated inside
for (
  const [length, options, label] of [
    [40, {}, ""],
    [90, {}, ""],
    [40, TRAINING_OPTIONS, ", training options"],
    [90, TRAINING_OPTIONS, ", training options"],
  ] as const
) {
  Deno.test(`chronos2Forward() with fixed shapes computes what the dynamic graph computes (length ${length}${label})`, async () => {
    const weights = randomWeights(3);
    const rows = 3;
    const context = Float32Array.from(
      { length: rows * length },
      (_, i) => Math.cos(i / 3) * 5 + i / 9,
    );
    context.fill(NaN, 0, 11);
    const future = new Float32Array(rows * 32).fill(NaN);
    future.fill(0.5, 32, 50);
    const groupIds = BigInt64Array.from([0n, 0n, 1n]);
    const b = new GraphBuilder();
    const fwd = chronos2Forward(
      b,
      config,
      {
        context: b.input("context", "float32", [rows, length]),
        groupIds: b.input("group_ids", "int64", [rows]),
        futureCovariates: b.input("future_covariates", "float32", [rows, 32]),
      },
      weights,
      { fixedShapes: true, ...options },
    );
    b.output(fwd.quantilesNormalized, "z");
    const feeds = {
      context: { dtype: "float32" as const, dims: [rows, length], data: context },
      "group_ids": { dtype: "int64" as const, dims: [rows], data: groupIds },
      "future_covariates": { dtype: "float32" as const, dims: [rows, 32], data: future },
    };
    const fixed = await createSession(serializeModel(b.build()), { executionProvider: "cpu" });
    const dynamic = await createSession(
      serializeModel(buildChronos2Graph(config, weights, { debugOutputs: true })),
      { executionProvider: "cpu" },
    );
    try {
      const z = (await fixed.run(feeds)).z!.data as Float32Array;
      const ref = (await dynamic.run(feeds))["quantile_preds_normalized"]!.data as Float32Array;
      assertEquals(z.length, rows * 13 * 32);
      assertClose(z, ref, { atol: 1e-5, rtol: 1e-5 });
    } finally {
      await fixed.release();
      await dynamic.release();
    }
  });
}
