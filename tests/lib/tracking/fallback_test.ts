import { join } from "node:path";
import { assert, assertEquals, assertRejects, assertStrictEquals } from "../../_helpers/assert.ts";
import { readFileRuns, readMetricHistory } from "../../../lib/tracking/file_reader.ts";
import { FALLBACK_REMOTE_RUN_TAG, FALLBACK_URI_TAG } from "../../../lib/tracking/fallback.ts";
import { FileStore } from "../../../lib/tracking/file_store.ts";
import { RestTracker } from "../../../lib/tracking/rest_tracker.ts";
import { FakeMlflow } from "./_fake_mlflow.ts";

function tracker(url: string, dir: string, warnings: string[]) {
  return new RestTracker(url, {
    fallbackDir: dir,
    maxRetries: 1,
    sleep: () => Promise.resolve(),
    env: () => undefined,
    timeoutMs: 2000,
    user: "ana",
    sourceName: "cli/zero_shot.ts",
    onWarning: (m) => warnings.push(m),
  });
}

Deno.test("a run whose server dies mid-run continues in the local store with everything logged", async () => {
  const dir = await Deno.makeTempDir();
  const server = FakeMlflow.start();
  try {
    const warnings: string[] = [];
    const results = join(dir, "results.json");
    await Deno.writeTextFile(results, "{}");
    const run = await tracker(server.url, join(dir, "mlruns"), warnings).startRun({
      experiment: "steel",
      runName: "r1",
      tags: { "chronos.run_kind": "zero-shot" },
      startTime: 1700000000000,
    });
    await run.logParams({ context_length: 512 });
    await run.logMetrics({ loss: 0.5 }, 0, { timestamp: 1700000000001 });
    await run.logArtifact(results);
    assertStrictEquals(run.store, "rest");
    const remoteId = run.runId;
    assertEquals(server.problems, []);
    assertStrictEquals(server.runs.get(remoteId)!.params.get("context_length"), "512");

    await server.close();
    await run.logMetrics({ loss: 0.4 }, 1, { timestamp: 1700000000002 });
    assertStrictEquals(run.store, "file");
    assertStrictEquals(warnings.length, 1);
    assert(warnings[0]!.includes(`failed during run "${remoteId}"`), warnings[0]);
    assert(warnings[0]!.includes(`runs push --run ${run.runId}`), warnings[0]);
    await run.logParams({ prediction_length: 96 });
    await run.setTags({ "chronos.model_path": "/models/x" });
    await run.end("FINISHED");

    const [local, ...rest] = await readFileRuns(join(dir, "mlruns"));
    assertStrictEquals(rest.length, 0);
    assertStrictEquals(local!.runId, run.runId);
    assertStrictEquals(local!.runName, "r1");
    assertStrictEquals(local!.status, "FINISHED");
    assertStrictEquals(local!.startTime, 1700000000000);
    assertEquals(local!.params, { context_length: "512", prediction_length: "96" });
    assertStrictEquals(local!.tags["chronos.run_kind"], "zero-shot");
    assertStrictEquals(local!.tags["chronos.model_path"], "/models/x");
    assertStrictEquals(local!.tags[FALLBACK_REMOTE_RUN_TAG], remoteId);
    assertStrictEquals(local!.tags[FALLBACK_URI_TAG], server.url);
    const history = await readMetricHistory(join(dir, "mlruns", local!.experimentId, local!.runId));
    assertEquals(history, [
      { key: "loss", value: 0.5, timestamp: 1700000000001, step: 0 },
      { key: "loss", value: 0.4, timestamp: 1700000000002, step: 1 },
    ]);
    assertStrictEquals(await Deno.readTextFile(join(local!.artifactDir!, "results.json")), "{}");
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a server that cannot be reached at start gives a local run and one warning", async () => {
  const dir = await Deno.makeTempDir();
  const server = FakeMlflow.start();
  const url = server.url;
  await server.close();
  try {
    const warnings: string[] = [];
    const run = await tracker(url, dir, warnings).startRun({ experiment: "steel" });
    assertStrictEquals(run.store, "file");
    assertStrictEquals(warnings.length, 1);
    assert(warnings[0]!.includes("could not be used"), warnings[0]);
    await run.logMetrics({ rmse: NaN });
    await run.end("FAILED");
    const [local] = await readFileRuns(dir);
    assertStrictEquals(local!.status, "FAILED");
    assert(Number.isNaN(local!.metrics.rmse));
    assertStrictEquals(local!.tags[FALLBACK_URI_TAG], url);
    assertStrictEquals(local!.tags[FALLBACK_REMOTE_RUN_TAG], undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("persistent 5xx on log-batch or update also falls back; invalid input does not", async () => {
  const dir = await Deno.makeTempDir();
  const server = FakeMlflow.start();
  try {
    const warnings: string[] = [];
    const run = await tracker(server.url, dir, warnings).startRun({ experiment: "steel" });
    await assertRejects(() => run.logMetrics({ "bad*key": 1 }), RangeError);
    await run.logParams({ lr: 0.1 });
    await assertRejects(() => run.logParams({ lr: 0.2 }), /immutable/);
    assertStrictEquals(run.store, "rest");
    server.faults.push({ path: "runs/update", kind: "500", times: 10 });
    await run.end();
    assertStrictEquals(run.store, "file");
    assertStrictEquals(warnings.length, 1);
    const [local] = await readFileRuns(dir);
    assertStrictEquals(local!.status, "FINISHED");
    assertEquals(local!.params, { lr: "0.1" });
    assertEquals(server.problems, []);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("resumeRun() reopens a server run, and a fallback after it keeps the run's params", async () => {
  const dir = await Deno.makeTempDir();
  const server = FakeMlflow.start();
  try {
    const opts = {
      env: () => undefined,
      sleep: () => Promise.resolve(),
      maxRetries: 0,
      fallbackDir: join(dir, "mlruns"),
    };
    const tracker = new RestTracker(server.url, opts);
    const first = await tracker.startRun({ experiment: "ft", runName: "a" });
    await first.logParams({ learning_rate: 0.001 });
    await first.logMetrics({ loss: 1 }, 1);
    await first.end("KILLED");
    const again = await tracker.resumeRun({ runId: first.runId, experiment: "ft" });
    assertStrictEquals(again.runId, first.runId);
    assertStrictEquals(server.runs.get(first.runId)!.info.status, "RUNNING");
    await again.logMetrics({ loss: 0.5 }, 2);
    server.faults.push({ path: "/mlflow/runs/log-batch", kind: "500" });
    await again.logMetrics({ loss: 0.25 }, 3);
    assertStrictEquals(again.store, "file");
    await again.end();
    const [local] = await readFileRuns(join(dir, "mlruns"));
    assertStrictEquals(local!.params.learning_rate, "0.001");
    assertStrictEquals(local!.tags["chronos.fallback.remote_run_id"], first.runId);
    await assertRejects(
      () => tracker.resumeRun({ runId: "f".repeat(32), experiment: "ft" }),
      RangeError,
      "no such run",
    );
    // The file store continues its own runs too.
    const store = new FileStore(join(dir, "local"));
    const run = await store.startRun({ experiment: "e" });
    await run.end("KILLED");
    const back = await store.resumeRun({ runId: run.runId, experiment: "e" });
    await back.logMetrics({ loss: 1 }, 1);
    await back.end();
    const [r] = await readFileRuns(join(dir, "local"));
    assertStrictEquals(r!.status, "FINISHED");
    assertStrictEquals(r!.metrics.loss, 1);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
