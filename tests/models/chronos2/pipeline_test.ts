import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { loadChronos2 } from "../../../models/chronos2/load.ts";
import { registerCaseChecker, runParityCase } from "../../../models/chronos2/parity/harness.ts";
import { ModelFormatError } from "../../../lib/errors.ts";
import { f32, type JsonTensor } from "../../../models/chronos2/parity/cases.ts";
import { type PolarsDataFrame, toDataFrame } from "../../../lib/data/polars.ts";
import { assertClose } from "../../_helpers/assert_close.ts";
import { FIXTURE_DIR, loadCase, MODEL_QUANTILES } from "../../_helpers/fixtures.ts";

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
      groupIds: Int32Array.from(call.inputs.group_ids!.data, (v) => v!),
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

type Task = {
  target: number[];
  "past_covariates": Record<string, unknown[]>;
  "future_covariates": Record<string, unknown[]>;
};
const HOUR = 3_600_000;
const hours = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => new Date(Date.UTC(2024, 0, 1) + (from + i) * HOUR));
/** The recorded official forecast [targets, Q, H] as one column per level: rows (target, step). */
function officialColumn(ref: JsonTensor, q: number): number[] {
  const [n, Q, h] = ref.shape as [number, number, number];
  const v = f32(ref);
  return Array.from({ length: n * h }, (_, i) => v[(Math.floor(i / h) * Q + q) * h + (i % h)]!);
}
function assertFrameMatches(out: PolarsDataFrame, refs: JsonTensor[], levels: number[]) {
  for (const [name, level] of [["predictions", 0.5], ...levels.map((l) => [String(l), l])]) {
    const q = MODEL_QUANTILES.indexOf(level as number);
    const expected = refs.flatMap((r) => officialColumn(r, q));
    const max = Math.max(...expected.map(Math.abs));
    assertClose(out.getColumn(name as string).toArray() as number[], expected, {
      atol: 1e-4 * max,
      rtol: 0,
      label: String(name),
    });
  }
}

Deno.test("predictDataFrame() returns the official predict_df frame, with a future frame (case C4)", async () => {
  const p = await loadChronos2(FIXTURE_DIR, { backend: "reference" });
  assertEquals(p.quantiles, MODEL_QUANTILES);
  const c = await loadCase("C4_categorical_covariate");
  const task = (c.inputs as Task[])[0]!;
  const n = task.target.length;
  // History rows in reverse time order: predict_df sorts each item by time.
  const rev = <T>(xs: readonly T[]) => [...xs].reverse();
  const history = await toDataFrame([
    ["item_id", Array(n).fill("plant")],
    ["timestamp", rev(hours(0, n))],
    ["target", rev(task.target)],
    ["dow", rev(task.past_covariates.dow!)],
    ["price", rev(task.past_covariates.price!)],
  ]);
  const future = await toDataFrame([
    ["item_id", Array(24).fill("plant")],
    ["timestamp", hours(n, 24)],
    ["dow", task.future_covariates.dow!],
    ["price", task.future_covariates.price!],
  ]);
  const out = await p.predictDataFrame(history, { predictionLength: 24, futureDf: future });
  const levels = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
  assertEquals(out.columns, [
    "item_id",
    "timestamp",
    "target_name",
    "predictions",
    ...levels.map(String),
  ]);
  assertEquals(out.height, 24);
  assertEquals(out.getColumn("timestamp").toArray(), hours(n, 24));
  assertEquals(new Set(out.getColumn("target_name").toArray()), new Set(["target"]));
  const outputs = c.outputs as { predict: JsonTensor[] };
  assertFrameMatches(out, outputs.predict, levels);
});

Deno.test("predictDataFrame() orders rows by item (first appearance), target and step (case F1)", async () => {
  const p = await loadChronos2(FIXTURE_DIR, { backend: "reference" });
  const c = await loadCase("F1_multivariate");
  const rows = c.inputs as number[][]; // [task 0 variate 0, task 0 variate 1, task 1 variate 0, …]
  const n = rows[0]!.length;
  // Items interleaved row by row, "z" first: the output keeps "z" first, not sorted ids.
  const cols: Record<string, unknown[]> = { id: [], time: [], y0: [], y1: [] };
  for (let t = 0; t < n; t++) {
    for (const [k, id] of ["z", "a"].entries()) {
      cols.id!.push(id);
      cols.time!.push(hours(t, 1)[0]!.toISOString());
      cols.y0!.push(rows[2 * k]![t]);
      cols.y1!.push(rows[2 * k + 1]![t]);
    }
  }
  const levels = [0.1, 0.5, 0.9];
  const out = await p.predictDataFrame(await toDataFrame(cols), {
    predictionLength: 16,
    idColumn: "id",
    timestampColumn: "time",
    target: ["y0", "y1"],
    quantileLevels: levels,
  });
  assertEquals(out.columns, ["id", "time", "target_name", "predictions", "0.1", "0.5", "0.9"]);
  const expectId = ["z", "a"].flatMap((id) => Array(32).fill(id));
  assertEquals(out.getColumn("id").toArray(), expectId);
  const names = out.getColumn("target_name").toArray();
  assertEquals(names, [0, 1, 2, 3].flatMap((k) => Array(16).fill(k % 2 ? "y1" : "y0")));
  assertEquals(out.getColumn("time").toArray().slice(0, 17), [...hours(n, 16), hours(n, 1)[0]]);
  assertFrameMatches(out, (c.outputs as { predict: JsonTensor[] }).predict, levels);
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
