import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { loadChronos2 } from "../../../models/chronos2/load.ts";
import { registerCaseChecker, runParityCase } from "../../../models/chronos2/parity.ts";
import { ModelFormatError } from "../../../lib/errors.ts";
import { FIXTURE_DIR, loadCase } from "./_fixture.ts";

const CASES = [
  "A_univariate",
  "A_full_horizon",
  "B_batch_nan",
  "C1_past_covariates",
  "C2_future_covariate",
  "C3_mixed_covariates_batch",
  "C4_categorical_covariate",
  "D_long_context",
  "E1_long_horizon",
  "E2_rollout_small_max_patches",
  "E3_rollout_with_covariates",
  "F1_multivariate",
  "F2_cross_learning",
];

Deno.test("the ONNX pipeline matches every official inference case within 1e-4 × max|reference|", async () => {
  const p = await loadChronos2(FIXTURE_DIR, { useConvertedFiles: false, intraOpThreads: 1 });
  try {
    for (const name of CASES) {
      const r = await runParityCase(await loadCase(name), p);
      const bad = r.checks.filter((k) => !k.ok).map((k) => `${k.name}: ${k.relErr}`);
      assertEquals([r.status, bad], ["pass", []], name);
      assert(r.checks.length >= 10, name);
      if (name === "A_univariate") {
        assert(r.checks.some((k) => k.name === "intermediates.block1_group_attention_out"));
      }
    }
  } finally {
    await p.release();
  }
});

Deno.test("the reference (plain TypeScript) pipeline matches the fixtures too", async () => {
  const p = await loadChronos2(FIXTURE_DIR, { backend: "reference" });
  for (const name of ["B_batch_nan", "C3_mixed_covariates_batch", "E2_rollout_small_max_patches"]) {
    assertEquals((await runParityCase(await loadCase(name), p)).status, "pass", name);
  }
});

Deno.test("training cases are listed as not yet checked until a checker is registered", async () => {
  const p = await loadChronos2(FIXTURE_DIR, { backend: "reference" });
  const c = await loadCase("L1_training_loss_univariate");
  assertEquals((await runParityCase(c, p)).status, "not yet checked");
  const remove = registerCaseChecker(
    "L1_",
    () => Promise.resolve([{ name: "loss", relErr: 0, ok: true }]),
  );
  assertEquals((await runParityCase(c, p)).status, "pass");
  remove();
  assertEquals((await runParityCase(c, p)).status, "not yet checked");
});

Deno.test("predict() validates horizons, levels and context lengths", async () => {
  const warnings: string[] = [];
  const p = await loadChronos2(FIXTURE_DIR, {
    backend: "reference",
    onWarning: (m) => warnings.push(m),
  });
  const s = [Array.from({ length: 40 }, (_, i) => Math.sin(i))];
  await assertRejects(() => p.predict(s, { predictionLength: 0 }), RangeError);
  await assertRejects(
    () => p.predict(s, { predictionLength: 2000, limitPredictionLength: true }),
    RangeError,
  );
  await assertRejects(() => p.predict(s, { unrolledQuantiles: [0.33] }), RangeError);
  await assertRejects(
    () => p.predictQuantiles(s, { predictionLength: 4, quantileLevels: [1.2] }),
    RangeError,
  );
  await p.predict(s, { predictionLength: 4, contextLength: 100000 });
  assert(warnings.some((w) => w.includes("Context length")));
  const q = await p.predictQuantiles(s, { predictionLength: 4, quantileLevels: [0.001, 0.5] });
  assertEquals(q.quantiles[0]!.shape, [1, 4, 2]);
  assert(warnings.some((w) => w.includes("reach outside")));
  assertEquals(q.quantiles[0]!.data[1], q.mean[0]!.data[0]);
});

Deno.test("predictBatch() forecasts every row of a raw batch", async () => {
  const p = await loadChronos2(FIXTURE_DIR, { useConvertedFiles: false, intraOpThreads: 1 });
  try {
    const c = await loadCase("C3_mixed_covariates_batch");
    type T = { data: (number | null)[]; shape: number[] };
    const call = (c.model_calls as { inputs: Record<string, T>; quantile_preds: T }[])[0]!;
    const ctx = Float32Array.from(call.inputs.context!.data, (v) => v ?? NaN);
    const [rows, length] = call.inputs.context!.shape as [number, number];
    const fut = Float32Array.from(call.inputs.future_covariates!.data, (v) => v ?? NaN).filter((
      _,
      i,
    ) => i % 32 < 24);
    const { quantiles } = await p.predictBatch({
      context: ctx,
      rows,
      length,
      groupIds: BigInt64Array.from(call.inputs.group_ids!.data, (v) => BigInt(v!)),
      futureCovariates: fut,
      predictionLength: 24,
    });
    const ref = Float32Array.from(call.quantile_preds.data, (v) => v ?? NaN);
    let worst = 0;
    for (let r = 0; r < rows * 21; r++) {
      for (let t = 0; t < 24; t++) {
        worst = Math.max(worst, Math.abs(quantiles[r * 24 + t]! - ref[r * 32 + t]!));
      }
    }
    assert(worst < 1e-3, String(worst));
    await assertRejects(
      () =>
        p.predictBatch({
          context: ctx,
          rows,
          length: length + 1,
          groupIds: new Int32Array(rows),
          predictionLength: 1,
        }),
      RangeError,
    );
  } finally {
    await p.release();
  }
});

Deno.test("predictDataFrame() forecasts a long frame per item", async () => {
  const p = await loadChronos2(FIXTURE_DIR, { backend: "reference" });
  const n = 30;
  const df = {
    "item_id": [...Array(n).fill("a"), ...Array(n).fill("b")],
    timestamp: [
      ...Array.from({ length: n }, (_, i) => i * 3600e3),
      ...Array.from({ length: n }, (_, i) => i * 3600e3),
    ],
    target: Array.from({ length: 2 * n }, (_, i) => Math.cos(i / 3)),
  };
  const out = await p.predictDataFrame(df, { predictionLength: 3 });
  assertEquals(out.item_id, ["a", "a", "a", "b", "b", "b"]);
  assertEquals(out.timestamp!.slice(0, 3), [n * 3600e3, (n + 1) * 3600e3, (n + 2) * 3600e3]);
  assertEquals(Object.keys(out).slice(0, 4), [
    "item_id",
    "timestamp",
    "target_name",
    "predictions",
  ]);
  assertEquals(out["0.5"], out.predictions);
});

Deno.test("loadChronos2() reports a folder without weights or with a mismatched config", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.copyFile(`${FIXTURE_DIR}/config.json`, `${dir}/config.json`);
  await assertRejects(() => loadChronos2(dir), ModelFormatError, "model.safetensors");
  await Deno.copyFile(`${FIXTURE_DIR}/model.safetensors`, `${dir}/model.safetensors`);
  const cfg = JSON.parse(await Deno.readTextFile(`${dir}/config.json`));
  cfg.d_ff = 48;
  await Deno.writeTextFile(`${dir}/config.json`, JSON.stringify(cfg));
  await assertRejects(() => loadChronos2(dir), ModelFormatError, "same model");
  await Deno.remove(dir, { recursive: true });
});
