import { assert, assertEquals, assertMatch } from "../_helpers/assert.ts";
import { captureIo } from "../../lib/cli/io.ts";
import { main } from "../../cli/parity.ts";
import { cudaProviderInstalled } from "../../lib/runtime/cuda_provider.ts";
import { parseChronos2Config } from "../../models/chronos2/config.ts";
import { referenceForward } from "../../models/chronos2/reference_forward.ts";
import { quantileLossReference } from "../../models/chronos2/train/loss.ts";
import { expectedWeightShapes } from "../../models/chronos2/weight_layout.ts";
import { readSafetensors, writeSafetensors } from "../../models/chronos2/weights.ts";

const FIXTURE = new URL("../fixtures/chronos2-tiny", import.meta.url).pathname;

async function copyModel(dir: string): Promise<void> {
  await Deno.copyFile(`${FIXTURE}/config.json`, `${dir}/config.json`);
  await Deno.copyFile(`${FIXTURE}/model.safetensors`, `${dir}/model.safetensors`);
  await Deno.mkdir(`${dir}/cases`);
}

async function readCase(name: string) {
  return JSON.parse(await Deno.readTextFile(`${FIXTURE}/cases/${name}.json`));
}

Deno.test("parity passes every case of the tiny fixture, the training cases L1/L2 included", async () => {
  const io = captureIo();
  assertEquals(await main([FIXTURE], io), 0, io.out.join(""));
  const out = io.out.join("");
  assertMatch(out, /15 passed, 0 failed, 0 not yet checked/);
  assertMatch(out, /L1_training_loss_univariate\s+pass\s+\S+\s+56\b/);
  assertMatch(out, /L2_training_loss_covariates\s+pass\s+\S+\s+56\b/);
  const json = captureIo();
  assertEquals(await main([FIXTURE, "--json", "--case", "L"], json), 0);
  const r = JSON.parse(json.out.join(""));
  assertEquals(r.results.map((x: { case: string; status: string }) => [x.case, x.status]), [
    ["L1_training_loss_univariate", "pass"],
    ["L2_training_loss_covariates", "pass"],
  ]);
  // the loss, the 14 small gradients, the norm of each of the 40 gradients and the total norm
  const names: string[] = r.results[1].checks.map((c: { name: string }) => c.name);
  assertEquals(names[0], "loss");
  assertEquals(names.filter((n) => n.startsWith("grad ")).length, 14);
  assertEquals(names.filter((n) => n.startsWith("|grad ") && n !== "|grad| total").length, 40);
  assert(names.includes("|grad| total"));
  const b = captureIo();
  assertEquals(await main([FIXTURE, "--json", "--case", "B_"], b), 0);
  assertEquals(JSON.parse(b.out.join("")).results.map((x: { status: string }) => x.status), [
    "pass",
  ]);
});

Deno.test("parity exits non-zero when a case fails", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await copyModel(dir);
    const c = await readCase("F1_multivariate");
    c.outputs.predict[0].data[5] += 1000; // corrupt one reference value
    await Deno.writeTextFile(`${dir}/cases/F1_multivariate.json`, JSON.stringify(c));
    const io = captureIo();
    assertEquals(await main([dir], io), 1);
    assertMatch(io.out.join(""), /F1_multivariate\s+fail/);
    const missing = captureIo();
    assertEquals(await main([`${dir}/nope`], missing), 1);
    assert(missing.err.join("").includes("config.json"));
    assertEquals(await main([], captureIo()), 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parity reports a cases path that is not a folder in one line, exit 1", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await copyModel(dir);
    await Deno.remove(`${dir}/cases`);
    await Deno.writeTextFile(`${dir}/cases`, "");
    const io = captureIo();
    assertEquals(await main([dir, "--backend", "reference"], io), 1);
    const err = io.err.join("");
    assertMatch(err, /Not a directory/);
    assertEquals(err.trim().split("\n").length, 1, err);
    assert(!err.includes("    at "), "no stack trace");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parity fails a training case when one recorded gradient or one weight is off", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await copyModel(dir);
    // 1. one value of one recorded gradient moved by 1e-3 of its block's magnitude
    const l2 = await readCase("L2_training_loss_covariates");
    const t = l2.grads_small_tensors["encoder.final_layer_norm.weight"];
    const mag = Math.max(...t.data.map(Math.abs));
    t.data[3] += 1e-3 * mag;
    await Deno.writeTextFile(`${dir}/cases/L2_training_loss_covariates.json`, JSON.stringify(l2));
    await Deno.copyFile(
      `${FIXTURE}/cases/L1_training_loss_univariate.json`,
      `${dir}/cases/L1_training_loss_univariate.json`,
    );
    const io = captureIo();
    assertEquals(await main([dir], io), 1);
    const out = io.out.join("");
    assertMatch(out, /L1_training_loss_univariate\s+pass/);
    assertMatch(out, /L2_training_loss_covariates\s+fail.*grad encoder\.final_layer_norm\.weight/);
    assertMatch(out, /1 passed, 1 failed/);
    // 2. the recorded cases against a weights copy with one feed-forward weight changed
    await Deno.copyFile(
      `${FIXTURE}/cases/L2_training_loss_covariates.json`,
      `${dir}/cases/L2_training_loss_covariates.json`,
    );
    const w = await readSafetensors(`${FIXTURE}/model.safetensors`);
    const wo = w.get("encoder.block.1.layer.2.mlp.wo.weight")!;
    wo.data[0]! += 0.05;
    await writeSafetensors(`${dir}/model.safetensors`, w);
    const io2 = captureIo();
    assertEquals(await main([dir, "--json"], io2), 1);
    const r = JSON.parse(io2.out.join(""));
    assertEquals(r.results.map((x: { status: string }) => x.status), ["fail", "fail"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

// A held-back-like model: heads·d_kv (32) ≠ d_model (24), 3 layers, context_length 64
// (the batch's 84 steps are truncated inside the model, as the official forward does).
const OTHER_CONFIG = {
  "d_model": 24,
  "d_kv": 8,
  "d_ff": 40,
  "num_layers": 3,
  "num_heads": 4,
  "feed_forward_proj": "relu",
  "chronos_config": {
    "context_length": 64,
    "input_patch_size": 16,
    "input_patch_stride": 16,
    "output_patch_size": 16,
    "max_output_patches": 4,
    quantiles: [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99],
    "use_reg_token": true,
    "use_arcsinh": true,
    "time_encoding_scale": 100,
  },
};

Deno.test("parity checks the training loss of a fixture with other dimensions (reference forward as oracle)", async () => {
  const config = parseChronos2Config(OTHER_CONFIG);
  let s = 11;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const weights = new Map(
    [...expectedWeightShapes(config)].map(([name, shape]) => {
      const n = shape.reduce((a, d) => a * d, 1);
      const scale = name.endsWith("bias") ? 0.1 : 0.6 / Math.sqrt(shape[1] ?? 1);
      const data = Float32Array.from(
        { length: n },
        () => name.includes("layer_norm") ? 1 + 0.1 * rand() : scale * rand(),
      );
      return [name, { dtype: "F32" as const, shape, data }];
    }),
  );
  const rows = 3;
  const T = 84;
  const H = 20; // two output patches
  const context = Float32Array.from({ length: rows * T }, (_, i) => 5 * Math.sin(i / 4) + (i % 7));
  context.fill(NaN, T, T + 30); // row 1: missing start
  const futureTarget = Float32Array.from({ length: rows * H }, (_, i) => 4 * Math.cos(i / 3));
  futureTarget.fill(NaN, 2 * H); // row 2: a covariate row (no loss)
  const futureCovariates = new Float32Array(rows * H).fill(NaN);
  futureCovariates.fill(1, 2 * H); // known future values of the covariate row
  const groupIds = new Int32Array([0, 1, 1]);
  const internals: Record<string, Float32Array> = {};
  const fc = new Float32Array(rows * 32).fill(NaN);
  for (let r = 0; r < rows; r++) fc.set(futureCovariates.subarray(r * H, (r + 1) * H), r * 32);
  referenceForward(config, weights, {
    context,
    rows,
    length: T,
    groupIds,
    futureCovariates: fc,
    numOutputPatches: 2,
  }, internals);
  const loss = quantileLossReference({
    quantilesNormalized: internals.quantile_preds_normalized!,
    futureTarget,
    futureCovariates,
    loc: internals.loc!,
    scale: internals.scale!,
    quantileLevels: config.chronos.quantiles,
    rows,
    predictionLength: H,
    numOutputPatches: 2,
  });
  const tensor = (shape: number[], data: ArrayLike<number>) => ({
    shape,
    dtype: "float32",
    data: Array.from(data, (v) => (Number.isNaN(v) ? null : v)),
  });
  const caseJson = {
    case: "L1_other_dimensions",
    batch: {
      context: tensor([rows, T], context),
      "future_target": tensor([rows, H], futureTarget),
      "future_covariates": tensor([rows, H], futureCovariates),
      "group_ids": { shape: [rows], dtype: "int64", data: Array.from(groupIds) },
      "num_output_patches": 2,
    },
    loss,
  };
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/config.json`, JSON.stringify(OTHER_CONFIG));
    await writeSafetensors(`${dir}/model.safetensors`, weights);
    await Deno.mkdir(`${dir}/cases`);
    await Deno.writeTextFile(`${dir}/cases/L1_other_dimensions.json`, JSON.stringify(caseJson));
    const io = captureIo();
    assertEquals(await main([dir], io), 0, io.out.join(""));
    assertMatch(io.out.join(""), /L1_other_dimensions\s+pass\s+\S+\s+1\b/);
    caseJson.loss *= 1 + 1e-3;
    await Deno.writeTextFile(`${dir}/cases/L1_other_dimensions.json`, JSON.stringify(caseJson));
    const bad = captureIo();
    assertEquals(await main([dir], bad), 1);
    assertMatch(bad.out.join(""), /L1_other_dimensions\s+fail/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parity checks a with_context_length_<N> block whatever N the fixture recorded", async () => {
  // A held-back fixture with another context length records another N (the key is not always
  // `with_context_length_512`); an unchecked block must not pass silently.
  const dir = await Deno.makeTempDir();
  try {
    await copyModel(dir);
    const c = await readCase("D_long_context");
    c.with_context_length_256 = c.with_context_length_512; // kwargs still say context_length 512
    delete c.with_context_length_512;
    await Deno.writeTextFile(`${dir}/cases/D_long_context.json`, JSON.stringify(c));
    const ok = captureIo();
    assertEquals(await main([dir, "--json"], ok), 0, ok.out.join(""));
    const names: string[] = JSON.parse(ok.out.join("")).results[0].checks.map((
      k: { name: string },
    ) => k.name);
    assert(names.includes("with_context_length_256.predict[0][0]"), names.join(", "));
    assert(
      names.includes("with_context_length_256.model_calls[0].prediction[0]"),
      names.join(", "),
    );
    c.with_context_length_256.outputs.predict[0].data[7] += 1000; // corrupt one reference value
    await Deno.writeTextFile(`${dir}/cases/D_long_context.json`, JSON.stringify(c));
    const bad = captureIo();
    assertEquals(await main([dir], bad), 1);
    assertMatch(bad.out.join(""), /D_long_context\s+fail.*with_context_length_256\.predict/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parity --execution-provider says where the cases ran, and fails when the provider fell back", async () => {
  const cpu = captureIo();
  assertEquals(
    await main([FIXTURE, "--json", "--case", "A_univariate", "--execution-provider", "cpu"], cpu),
    0,
  );
  const r = JSON.parse(cpu.out.join(""));
  assertEquals([r.executionProvider, r.providerReason], ["cpu", "requested by the caller"]);
  assertMatch(cpu.err.join(""), /^Execution provider: cpu \(requested by the caller\)$/m);
  const bad = captureIo();
  assertEquals(await main([FIXTURE, "--execution-provider", "tpu"], bad), 2);
  if (!cudaProviderInstalled()) {
    // the CUDA provider cannot start here: the session falls back to the CPU, which must not pass as CUDA
    const cuda = captureIo();
    assertEquals(
      await main([FIXTURE, "--case", "A_univariate", "--execution-provider", "cuda"], cuda),
      1,
    );
    assertMatch(
      cuda.err.join(""),
      /^Parity ran on cpu, not on the requested cuda: see deno task doctor$/m,
    );
    assertMatch(cuda.out.join(""), /1 passed, 0 failed/);
  }
});
