import { assert, assertEquals, assertStrictEquals } from "../../../_helpers/assert.ts";
import { steelCsvPath } from "../../../_helpers/steel.ts";
import { loadSteelData } from "../../../../lib/datasets/steel.ts";
import { STEEL_SPEC } from "../../../../lib/datasets/steel_spec.ts";
import { RestTracker } from "../../../../lib/tracking/rest_tracker.ts";
import { runFinetune } from "../../../../models/chronos2/tasks/finetune.ts";
import { RUN_REF_FILE } from "../../../../models/chronos2/tasks/finetune_run.ts";
import { FakeMlflow } from "../../../lib/tracking/_fake_mlflow.ts";

const TINY = new URL("../../../fixtures/chronos2-tiny", import.meta.url).pathname;
const noEnv = { env: () => undefined, sleep: () => Promise.resolve(), maxRetries: 0 };

Deno.test("a fine-tuning run streams its curve while it trains, Ctrl-C leaves it KILLED, --resume continues it", async () => {
  const out = await Deno.makeTempDir();
  const server = FakeMlflow.start();
  try {
    const data = await loadSteelData((await steelCsvPath()).path);
    const tracker = new RestTracker(server.url, { ...noEnv, fallbackDir: `${out}/mlruns` });
    const common = {
      data,
      dataset: STEEL_SPEC,
      modelDir: TINY,
      modelId: "tiny",
      numSteps: 4,
      gradientAccumulationSteps: 1,
      learningRate: 1e-3,
      predictionLength: 4,
      validateEvery: 2,
      checkpointEvery: 1,
      validationWindows: 4,
      device: "cpu" as const,
      outputDir: out,
      skipEvaluation: true,
      experiment: "ft",
      tracker,
    };
    // First attempt: interrupted (as Ctrl-C does) after step 2.
    const ac = new AbortController();
    const seenWhileTraining: number[] = [];
    const first = await runFinetune({
      ...common,
      signal: ac.signal,
      onStep: (p) => {
        const run = [...server.runs.values()][0];
        seenWhileTraining.push(run?.metrics.filter((m) => m.key === "loss").length ?? -1);
        if (p.step === 2) ac.abort();
      },
    });
    assert(first.fit.interrupted);
    const [run] = server.runsOf("ft");
    assertStrictEquals(first.runId, run!.info.run_id);
    // The run existed from the first step, and step 1's points left in a batch of their own,
    // sent while step 2 was computed (not all at the end).
    assert(
      seenWhileTraining.every((n) => n >= 0),
      `run missing while training: ${seenWhileTraining}`,
    );
    const batches = server.requests.filter((r) => r.path === "/mlflow/runs/log-batch")
      .map((r) => ((r.body as { metrics?: { key: string; step: number }[] }).metrics ?? []))
      .filter((ms) => ms.some((m) => m.key === "loss"));
    assertEquals(batches[0]!.filter((m) => m.key === "loss").map((m) => m.step), [1]);
    assertStrictEquals(run!.info.status, "KILLED");
    assertStrictEquals(run!.tags.get("chronos.end_reason"), "interrupted");
    const loss = (r: typeof run) => r!.metrics.filter((m) => m.key === "loss");
    assertEquals(loss(run).map((m) => m.step), [1, 2]);
    assertEquals(run!.metrics.filter((m) => m.key === "val_loss").map((m) => m.step).sort(), [
      0,
      2,
    ]);
    for (const key of ["learning_rate", "grad_norm"]) {
      assertEquals(run!.metrics.filter((m) => m.key === key).map((m) => m.step), [1, 2], key);
    }
    // Vocabulary: snake_case params, context tags, the data as a dataset input.
    const params = Object.fromEntries(run!.params);
    assertEquals(
      [params.model, params.context_length, params.prediction_length, params.batch_size],
      ["tiny", "512", "4", "8"],
    );
    assertStrictEquals(params.learning_rate, "0.001");
    assert(!("batchSize" in params) && !("status" in params));
    assertStrictEquals(run!.tags.get("chronos.run_kind"), "finetune");
    assert(run!.tags.get("mlflow.source.git.commit"));
    assert(run!.tags.get("chronos.base_model_path")!.startsWith("/"));
    assertStrictEquals(run!.inputs.length, 1);
    assertStrictEquals(run!.inputs[0]!.tags[0]!.value, "training");
    assertEquals(
      JSON.parse(run!.inputs[0]!.dataset.schema!).mlflow_colspec[0],
      { type: "double", name: "Usage_kWh" },
    );
    // The checkpoint names the run; resuming from it continues that run.
    const ckpt = first.fit.lastCheckpoint!;
    assertStrictEquals(
      JSON.parse(await Deno.readTextFile(`${ckpt}/${RUN_REF_FILE}`)).runId,
      run!.info.run_id,
    );
    const second = await runFinetune({ ...common, resume: ckpt });
    assertStrictEquals(second.runId, run!.info.run_id);
    assertStrictEquals(server.runsOf("ft").length, 1);
    assertStrictEquals(run!.info.status, "FINISHED");
    assertEquals(loss(run).map((m) => m.step), [1, 2, 3, 4]);
    const times = loss(run).map((m) => m.timestamp);
    assert(times.every((t, i) => i === 0 || t >= times[i - 1]!), `timestamps ${times}`);
    assert(times[3]! > times[0]!, "the steps were stamped when they happened");
    assertEquals(server.problems, []);
  } finally {
    await server.close();
    await Deno.remove(out, { recursive: true });
  }
});
