import { join } from "node:path";
import { assert, assertEquals, assertRejects, assertStrictEquals } from "../../_helpers/assert.ts";
import { readFileRuns } from "../../../lib/tracking/file_reader.ts";
import { FileStore } from "../../../lib/tracking/file_store.ts";
import {
  LOCAL_RUN_TAG,
  PUSH_COMPLETE_TAG,
  PUSHED_RUN_TAG,
  pushRuns,
} from "../../../lib/tracking/push.ts";
import { RestTracker } from "../../../lib/tracking/rest_tracker.ts";
import { FakeMlflow } from "./_fake_mlflow.ts";

const client = { env: () => undefined, sleep: () => Promise.resolve(), maxRetries: 0 };

async function localStore(dir: string): Promise<[string, string, string]> {
  const store = new FileStore(dir, { user: "ana", sourceName: "cli/finetune.ts" });
  const a = await store.startRun({ experiment: "ft", runName: "a", startTime: 1700000000000 });
  await a.logParams({ lr: 0.001, steps: 3 });
  for (let s = 1; s <= 3; s++) {
    await a.logMetrics({ loss: 1 / s, grad_norm: s === 2 ? NaN : s }, s, {
      timestamp: 1700000000000 + s,
    });
  }
  const file = join(dir, "..", `results-${a.runId}.json`);
  await Deno.writeTextFile(file, '{"rmse":1}');
  await a.logArtifact(file, "eval");
  await Deno.remove(file);
  await a.end("FINISHED");
  const b = await store.startRun({ experiment: "zs", runName: "b" });
  await b.logMetrics({ rmse: 2.5 });
  await b.end("FAILED");
  const c = await store.startRun({ experiment: "zs", runName: "still running" });
  return [a.runId, b.runId, c.runId];
}

Deno.test("pushRuns() replays finished runs exactly, and a second push adds nothing", async () => {
  const dir = await Deno.makeTempDir();
  const server = FakeMlflow.start();
  try {
    const [a, b, c] = await localStore(join(dir, "mlruns"));
    const first = await pushRuns({ to: server.url, from: join(dir, "mlruns"), client });
    assertEquals(first.map((o) => [o.localRunId, o.action]), [
      [a, "pushed"],
      [b, "pushed"],
      [c, "skipped"],
    ]);
    assertEquals(server.problems, []);
    const [ra] = server.runsOf("ft");
    assertStrictEquals(ra!.info.run_name, "a");
    assertStrictEquals(ra!.info.status, "FINISHED");
    assertStrictEquals(ra!.info.start_time, 1700000000000);
    assertStrictEquals(ra!.info.user_id, "ana");
    assertEquals(Object.fromEntries(ra!.params), { lr: "0.001", steps: "3" });
    assertStrictEquals(ra!.tags.get(LOCAL_RUN_TAG), a);
    assertStrictEquals(ra!.tags.get(PUSH_COMPLETE_TAG), "true");
    assertStrictEquals(ra!.tags.get("mlflow.source.name"), "cli/finetune.ts");
    const loss = ra!.metrics.filter((m) => m.key === "loss").map((m) => [m.step, m.value]);
    assertEquals(loss, [[1, 1], [2, 0.5], [3, 1 / 3]]);
    assert(Number.isNaN(ra!.metrics.find((m) => m.key === "grad_norm" && m.step === 2)!.value));
    const art = `${ra!.info.experiment_id}/${ra!.info.run_id}/artifacts/eval/results-${a}.json`;
    assertStrictEquals(new TextDecoder().decode(server.artifacts.get(art)), '{"rmse":1}');
    assertStrictEquals(server.runsOf("zs")[0]!.info.status, "FAILED");

    const local = await readFileRuns(join(dir, "mlruns"));
    assertStrictEquals(local.find((r) => r.runId === a)!.tags[PUSHED_RUN_TAG], ra!.info.run_id);

    const second = await pushRuns({ to: server.url, from: join(dir, "mlruns"), client });
    assertEquals(second.map((o) => o.action), ["already-pushed", "already-pushed", "skipped"]);
    assertStrictEquals(server.runsOf("ft").length, 1);
    assertStrictEquals(server.runsOf("zs").length, 1);
    assertStrictEquals(server.runs.size, 2);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("pushRuns() redoes a push that was cut off, leaving one complete run", async () => {
  const dir = await Deno.makeTempDir();
  const server = FakeMlflow.start();
  try {
    const [a] = await localStore(join(dir, "mlruns"));
    // The push fails, and so does deleting its copy: the copy is left, marked FAILED.
    server.faults.push({ path: "runs/update", kind: "500", times: 1 });
    server.faults.push({ path: "runs/delete", kind: "500", times: 1 });
    await assertRejects(() =>
      pushRuns({ to: server.url, from: join(dir, "mlruns"), runId: a, client })
    );
    assertStrictEquals(server.runsOf("ft").length, 1);
    assertStrictEquals(server.runsOf("ft")[0]!.tags.get(PUSH_COMPLETE_TAG), undefined);
    assertStrictEquals(server.runsOf("ft")[0]!.info.status, "FAILED");
    const again = await pushRuns({ to: server.url, from: join(dir, "mlruns"), runId: a, client });
    assertStrictEquals(again[0]!.action, "pushed");
    const active = server.runsOf("ft");
    assertStrictEquals(active.length, 1);
    assertStrictEquals(active[0]!.tags.get(PUSH_COMPLETE_TAG), "true");
    assertStrictEquals(active[0]!.metrics.length, 6, "no metric doubled");
    await assertRejects(
      () => pushRuns({ to: server.url, from: join(dir, "mlruns"), runId: "nope", client }),
      RangeError,
    );
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("pushing a run that fell back mid-run replaces the partial run on its server", async () => {
  const dir = await Deno.makeTempDir();
  const server = FakeMlflow.start();
  try {
    const tracker = new RestTracker(server.url, {
      ...client,
      fallbackDir: join(dir, "mlruns"),
      onWarning: () => {},
    });
    const run = await tracker.startRun({ experiment: "steel" });
    const partial = run.runId;
    await run.logMetrics({ loss: 1 }, 0);
    server.faults.push({ path: "log-batch", kind: "500" });
    await run.logMetrics({ loss: 0.5 }, 1);
    await run.end();
    assertStrictEquals(run.store, "file");
    const out = await pushRuns({ to: server.url, from: join(dir, "mlruns"), client });
    assertStrictEquals(out[0]!.action, "pushed");
    assertStrictEquals(server.runs.get(partial)!.info.lifecycle_stage, "deleted");
    const active = server.runsOf("steel");
    assertStrictEquals(active.length, 1);
    assertEquals(active[0]!.metrics.map((m) => m.value), [1, 0.5]);
    assertEquals(server.problems, []);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

const INPUT = {
  name: "steel",
  digest: "9b1cee6f",
  sourceType: "local",
  source: '{"uri": "file:///data/steel.csv"}',
  schema: '{"mlflow_colspec": [{"type": "double", "name": "Usage_kWh"}]}',
  profile: '{"num_rows": 35040}',
  context: "training",
};

Deno.test("pushRuns() pushes dataset inputs, and a push cut off mid-way leaves no live run", async () => {
  const dir = await Deno.makeTempDir();
  const server = FakeMlflow.start();
  try {
    const store = new FileStore(join(dir, "mlruns"));
    const run = await store.startRun({ experiment: "ft", runName: "a" });
    await run.logInputs([INPUT]);
    await run.logMetrics({ loss: 1 }, 1);
    await run.end();
    // The server fails while the run's data is sent: the created copy is removed.
    server.faults.push({ path: "/mlflow/runs/log-inputs", kind: "500" });
    await assertRejects(() => pushRuns({ to: server.url, from: join(dir, "mlruns"), client }));
    assertEquals(server.runsOf("ft"), []);
    const [again] = await pushRuns({ to: server.url, from: join(dir, "mlruns"), client });
    assertStrictEquals(again!.action, "pushed");
    const [remote] = server.runsOf("ft");
    assertEquals(remote!.inputs, [{
      tags: [{ key: "mlflow.data.context", value: "training" }],
      dataset: {
        name: "steel",
        digest: "9b1cee6f",
        source_type: "local",
        source: INPUT.source,
        schema: INPUT.schema,
        profile: INPUT.profile,
      },
    }]);
    assertEquals(server.problems, []);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a run that fell back and is pushed elsewhere leaves its partial run FAILED at home", async () => {
  const dir = await Deno.makeTempDir();
  const home = FakeMlflow.start();
  const other = FakeMlflow.start();
  try {
    const warnings: string[] = [];
    const tracker = new RestTracker(home.url, {
      ...client,
      fallbackDir: join(dir, "mlruns"),
      onWarning: (m) => warnings.push(m),
    });
    const run = await tracker.startRun({ experiment: "ft", runName: "a" });
    const partialId = run.runId;
    home.faults.push({ path: "/mlflow/runs/log-batch", kind: "500" });
    await run.logMetrics({ loss: 1 }, 1);
    assertStrictEquals(run.store, "file");
    await run.end();
    await pushRuns({ to: other.url, from: join(dir, "mlruns"), client });
    assertStrictEquals(other.runsOf("ft").length, 1);
    const partial = home.runs.get(partialId)!;
    assertStrictEquals(partial.info.status, "FAILED");
    assertStrictEquals(
      partial.tags.get("chronos.superseded_by"),
      other.runsOf("ft")[0]!.info.run_id,
    );
    assertEquals(warnings.length, 1);
  } finally {
    await home.close();
    await other.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("credentials in the server URI are never stored, pushed or shown", async () => {
  const dir = await Deno.makeTempDir();
  const server = FakeMlflow.start();
  try {
    server.auth = `Basic ${btoa("ana:hunter22")}`;
    const withCreds = server.url.replace("http://", "http://ana:hunter22@");
    const warnings: string[] = [];
    const tracker = new RestTracker(withCreds, {
      ...client,
      fallbackDir: join(dir, "mlruns"),
      onWarning: (m) => warnings.push(m),
    });
    const run = await tracker.startRun({ experiment: "ft", runName: "a" });
    server.faults.push({ path: "/mlflow/runs/log-batch", kind: "500" });
    await run.logMetrics({ loss: 1 }, 1);
    await run.end();
    const progress: string[] = [];
    await pushRuns({
      to: withCreds,
      from: join(dir, "mlruns"),
      client,
      onProgress: (m) => progress.push(m),
    });
    const local = await Deno.readTextFile(
      join(dir, "mlruns", run.experimentId, run.runId, "tags", "chronos.fallback.uri"),
    );
    const everything = JSON.stringify({
      warnings,
      progress,
      local,
      remote: [...server.runs.values()].map((r) => [...r.tags]),
      requests: server.requests.map((r) => [r.path, r.body]),
    });
    assert(!everything.includes("hunter22"), everything);
    assertStrictEquals(local, server.url);
    assertEquals(server.problems, []);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
