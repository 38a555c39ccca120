import { join } from "node:path";
import { assertEquals, assertRejects, assertStrictEquals } from "../../_helpers/assert.ts";
import { FileStore } from "../../../lib/tracking/file_store.ts";
import { listRuns } from "../../../lib/tracking/list_runs.ts";
import { startTaskRun, withTaskRun } from "../../../lib/tracking/task_run.ts";

Deno.test("startTaskRun() logs vocabulary params, context tags and the dataset input", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const data = join(dir, "series.csv");
    await Deno.writeTextFile(data, "y\n1\n");
    const store = new FileStore(join(dir, "mlruns"));
    const run = await startTaskRun(store, {
      experiment: "e",
      kind: "gbdt",
      settings: { model: "xgboost", predictionLength: 4, split: "test" },
      modelPath: "models/x",
      dataset: { path: data, columns: [{ name: "y", type: "double" }], context: "test" },
    });
    await run.end();
    const [r] = await listRuns({ uri: join(dir, "mlruns") });
    assertEquals(r!.params, { model: "xgboost", prediction_length: "4", split: "test" });
    assertStrictEquals(r!.tags["chronos.run_kind"], "gbdt");
    assertStrictEquals(r!.tags["chronos.model_path"], join(Deno.cwd(), "models/x"));
    assertStrictEquals(r!.tags["mlflow.source.type"], "LOCAL");
    const inputs = [...Deno.readDirSync(join(dir, "mlruns", r!.experimentId, r!.runId, "inputs"))];
    assertStrictEquals(inputs.length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("withTaskRun() ends FINISHED, KILLED when interrupted, FAILED with the error", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = new FileStore(dir);
    const o = (runName: string) => ({ experiment: "e", runName, kind: "zero-shot", settings: {} });
    await withTaskRun(store, o("ok"), () => Promise.resolve(1));
    await withTaskRun(store, o("stopped"), () => Promise.resolve({ stop: true }), (r) => r.stop);
    await assertRejects(
      () => withTaskRun(store, o("broken"), () => Promise.reject(new RangeError("Bad horizon"))),
      RangeError,
    );
    assertStrictEquals(await withTaskRun(undefined, o("untracked"), () => Promise.resolve(7)), 7);
    const runs = Object.fromEntries((await listRuns({ uri: dir })).map((r) => [r.runName, r]));
    assertEquals(Object.keys(runs).sort(), ["broken", "ok", "stopped"]);
    assertStrictEquals(runs.ok!.status, "FINISHED");
    assertStrictEquals(runs.stopped!.status, "KILLED");
    assertStrictEquals(runs.broken!.status, "FAILED");
    assertStrictEquals(runs.broken!.tags["chronos.error"], "RangeError: Bad horizon");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
