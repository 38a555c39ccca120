import { assert, assertEquals, assertMatch } from "../_helpers/assert.ts";
import { assertClose } from "../_helpers/assert_close.ts";
import { steelCsvPath } from "../_helpers/steel.ts";
import { captureIo } from "../../lib/cli/io.ts";
import { main } from "../../cli/finetune.ts";
import { loadSteelData } from "../../lib/datasets/steel.ts";
import { chronologicalSplits } from "../../lib/data/splits.ts";
import { windowRows } from "../../lib/evaluate/covariate_rows.ts";
import { loadChronos2Config } from "../../models/chronos2/config.ts";
import { splitTrainingData } from "../../models/chronos2/tasks/finetune_data.ts";
import { createGraphBackend } from "../../models/chronos2/train/backend.ts";
import { validationBatches } from "../../models/chronos2/train/windows.ts";
import { readSafetensors } from "../../models/chronos2/weights.ts";
import { loadChronos2 } from "../../models/chronos2/load.ts";
import { listRuns } from "../../lib/tracking/list_runs.ts";
import { resolve } from "node:path";

const TINY = new URL("../fixtures/chronos2-tiny", import.meta.url).pathname;

Deno.test("finetune --help prints the flags; bad flags are usage errors (exit 2)", async () => {
  const io = captureIo();
  assertEquals(await main(["--help"], io), 0);
  for (
    const flag of [
      "--num-steps",
      "--learning-rate",
      "--batch-size",
      "--gradient-accumulation-steps",
      "--prediction-length",
      "--context-length",
      "--skip-zero-shot",
      "--mode",
      "--model",
      "--seed",
      "--validate-every",
      "--output-dir",
      "--resume",
      "--future-covariates",
    ]
  ) assertMatch(io.out.join(""), new RegExp(flag));
  for (
    const bad of [["--mode", "half"], ["--num-steps", "0"], ["--future-covariates"], ["--bogus"]]
  ) {
    const e = captureIo();
    assertEquals(await main(bad, e), 2, bad.join(" "));
  }
});

/** Validation loss of a saved model folder, computed by a fresh graph with the saved weights. */
async function savedValLoss(dir: string, covariates: "none" | "past", H: number): Promise<number> {
  const cfg = await loadChronos2Config(`${dir}/config.json`);
  const w = await readSafetensors(`${dir}/model.safetensors`);
  const data = await loadSteelData((await steelCsvPath()).path);
  const rows = windowRows(data, covariates);
  const d = splitTrainingData(rows, chronologicalSplits(data.target.length), {
    contextLength: 512,
    predictionLength: H,
    validationWindows: 8,
  });
  const perTask = rows.series.length;
  const vRows = perTask * Math.floor(64 / perTask);
  const backend = await createGraphBackend(cfg, w, {
    rows: vRows,
    length: 512,
    predictionLength: H,
  });
  try {
    const params = backend.params.map((p) => w.get(p.name)!.data);
    let sum = 0;
    let n = 0;
    const batches = validationBatches(d.val, {
      contextLength: 512,
      predictionLength: H,
      batchSize: vRows,
      fixedLength: 512,
    });
    for (const b of batches) {
      sum += (await backend.evalLoss(b, params)) * b.rows;
      n += b.rows;
    }
    return sum / n;
  } finally {
    await backend.release();
  }
}

for (const [mode, covariates] of [["full", "none"], ["lora", "past"]] as const) {
  Deno.test(`finetune --mode ${mode} --covariates ${covariates} trains, saves a model that reproduces its validation loss, writes results and tracks`, async () => {
    const out = await Deno.makeTempDir();
    const io = captureIo();
    const env = Deno.env.get("MLFLOW_TRACKING_URI");
    Deno.env.set("MLFLOW_TRACKING_URI", `${out}/mlruns`);
    try {
      const code = await main([
        "--model",
        TINY,
        "--data",
        (await steelCsvPath()).path,
        "--mode",
        mode,
        "--covariates",
        covariates,
        "--num-steps",
        "3",
        "--gradient-accumulation-steps",
        "2",
        "--learning-rate",
        "1e-3",
        "--prediction-length",
        "4",
        "--validate-every",
        "3",
        "--validation-windows",
        "8",
        "--max-predictions",
        "3",
        "--device",
        "cpu",
        "--output-dir",
        out,
      ], io);
      assertEquals(code, 0, io.err.join(""));
    } finally {
      if (env === undefined) Deno.env.delete("MLFLOW_TRACKING_URI");
      else Deno.env.set("MLFLOW_TRACKING_URI", env);
    }
    const suffix = covariates === "none" ? "" : "_covariates";
    const names = [...Deno.readDirSync(out)].map((e) => e.name);
    const dir = names.find((n) =>
      new RegExp(`^chronos2_finetuned${suffix}_\\d{8}_\\d{6}$`).test(n)
    );
    const res = names.find((n) =>
      new RegExp(`^chronos2_finetuned${suffix}_results_\\d{8}_\\d{6}\\.json$`).test(n)
    );
    assert(dir && res, names.join(", "));
    for (const f of ["config.json", "model.safetensors", "model.onnx"]) {
      assert((await Deno.stat(`${out}/${dir}/${f}`)).isFile, f);
    }
    const results = JSON.parse(await Deno.readTextFile(`${out}/${res}`));
    assertEquals(results.task, suffix ? "finetune-covariates" : "finetune");
    assertEquals(results.models.map((m: { kind: string }) => m.kind).slice(0, 2), [
      "finetuned",
      "zero-shot",
    ]);
    assertEquals(results.training.map((p: { step: number }) => p.step), [0, 1, 2, 3]);
    // official tensor names only (LoRA merged), and the saved weights give the recorded val loss
    const saved = await readSafetensors(`${out}/${dir}/model.safetensors`);
    const base = await readSafetensors(`${TINY}/model.safetensors`);
    assertEquals([...saved.keys()].sort(), [...base.keys()].sort());
    const recorded = results.training.at(-1).valLoss;
    assertClose(await savedValLoss(`${out}/${dir}`, covariates, 4), recorded, {
      atol: 0,
      rtol: 1e-5,
    });
    if (covariates === "none") {
      // the saved folder loads back (through its model.onnx) with the forecasts the run reported
      const data = await loadSteelData((await steelCsvPath()).path);
      const tuned = await loadChronos2(`${out}/${dir}`);
      try {
        for (const [i, o] of results.origins.entries()) {
          const ctx = Float32Array.from(data.target.subarray(o - 512, o));
          const [f] = await tuned.predict([ctx], { predictionLength: 4 });
          const median = tuned.quantiles.indexOf(0.5);
          const got = Array.from(f!.data.subarray(median * 4, median * 4 + 4));
          assertClose(got, results.models[0].point[i], {
            atol: 1e-4,
            rtol: 1e-4,
            label: `origin ${o}`,
          });
        }
      } finally {
        await tuned.release?.();
      }
    }
    // one tracked run: the loss curve, then the test evaluation of the fine-tuned model in it
    const runs = await listRuns({ uri: `${out}/mlruns` });
    assertEquals(runs.length, 1);
    const [run] = runs;
    assertEquals(run!.status, "FINISHED");
    assertEquals(run!.metrics.loss !== undefined && run!.metrics.rmse !== undefined, true);
    assertEquals(run!.tags["chronos.run_kind"], "finetune");
    assertEquals(run!.tags["chronos.model_path"], resolve(`${out}/${dir}`));
    assertEquals(run!.params.mode, mode);
    assertEquals(run!.params.num_steps, "3");
    assertMatch(io.err.join(""), new RegExp(`Tracked run ${run!.runId}`));
    await Deno.remove(out, { recursive: true });
  });
}

Deno.test("finetune --resume from a checkpoint saves the same model as the uninterrupted run", async () => {
  const out = await Deno.makeTempDir();
  const common = [
    "--model",
    TINY,
    "--data",
    (await steelCsvPath()).path,
    "--num-steps",
    "4",
    "--gradient-accumulation-steps",
    "2",
    "--learning-rate",
    "1e-3",
    "--prediction-length",
    "4",
    "--checkpoint-every",
    "2",
    "--validate-every",
    "2",
    "--validation-windows",
    "4",
    "--device",
    "cpu",
  ];
  const env = Deno.env.get("MLFLOW_TRACKING_URI");
  Deno.env.set("MLFLOW_TRACKING_URI", `${out}/mlruns`);
  try {
    assertEquals(
      await main(
        [...common, "--output-dir", `${out}/a`, "--skip-zero-shot", "--keep-checkpoints"],
        captureIo(),
      ),
      0,
    );
    const [runA] = [...Deno.readDirSync(`${out}/a`)].filter((e) => e.isDirectory).map((e) =>
      e.name
    );
    // copy the step-2 checkpoint into a fresh run folder and continue from there
    await Deno.mkdir(`${out}/b/run/checkpoints`, { recursive: true });
    const src = `${out}/a/${runA}/checkpoints/checkpoint-2`;
    await Deno.mkdir(`${out}/b/run/checkpoints/checkpoint-2`);
    for (const e of Deno.readDirSync(src)) {
      await Deno.copyFile(`${src}/${e.name}`, `${out}/b/run/checkpoints/checkpoint-2/${e.name}`);
    }
    assertEquals(
      await main([
        ...common,
        "--output-dir",
        `${out}/b`,
        "--skip-zero-shot",
        "--keep-checkpoints",
        "--resume",
        `${out}/b/run/checkpoints/checkpoint-2`,
      ], captureIo()),
      0,
    );
    const a = await Deno.readFile(`${out}/a/${runA}/model.safetensors`);
    const b = await Deno.readFile(`${out}/b/run/model.safetensors`);
    assertEquals(b.length, a.length);
    assert(a.every((x, i) => x === b[i]), "saved weights differ");
    // resuming with another learning rate is refused
    const e = captureIo();
    assertEquals(
      await main([
        ...common,
        "--learning-rate",
        "2e-3",
        "--resume",
        `${out}/b/run/checkpoints/checkpoint-2`,
      ], e),
      1,
    );
    assertMatch(e.err.join(""), /Cannot resume/);
    // Without --keep-checkpoints a finished run keeps only its model: no checkpoints folder.
    assertEquals(
      await main([...common, "--output-dir", `${out}/c`, "--skip-zero-shot"], captureIo()),
      0,
    );
    const [runC] = [...Deno.readDirSync(`${out}/c`)].filter((d) => d.isDirectory).map((d) =>
      d.name
    );
    const files = [...Deno.readDirSync(`${out}/c/${runC}`)].map((d) => d.name);
    assert(files.includes("model.safetensors") && !files.includes("checkpoints"), files.join(", "));
  } finally {
    if (env === undefined) Deno.env.delete("MLFLOW_TRACKING_URI");
    else Deno.env.set("MLFLOW_TRACKING_URI", env);
    await Deno.remove(out, { recursive: true });
  }
});
