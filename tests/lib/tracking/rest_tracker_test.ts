import { join } from "node:path";
import { assert, assertEquals, assertRejects, assertStrictEquals } from "../../_helpers/assert.ts";
import { RestTracker } from "../../../lib/tracking/rest_tracker.ts";
import { WeightsArtifactError } from "../../../lib/tracking/validation.ts";
import { FakeMlflow } from "./_fake_mlflow.ts";

Deno.test("RestTracker logs a whole run over REST with well-formed requests only", async () => {
  const dir = await Deno.makeTempDir();
  const server = FakeMlflow.start();
  try {
    const warnings: string[] = [];
    const tracker = new RestTracker(`${server.url}/`, {
      env: () => undefined,
      fallbackDir: join(dir, "mlruns"),
      user: "ana",
      sourceName: "cli/zero_shot.ts",
      now: () => 1700000000000,
      onWarning: (m) => warnings.push(m),
    });
    const run = await tracker.startRun({
      experiment: "steel_energy_chronos2",
      runName: "zs",
      tags: { "chronos.run_kind": "zero-shot" },
    });
    await run.logParams({ context_length: 2048, covariates: "none" });
    await run.logMetrics({ rmse: 3.1, coverage: NaN }, 0);
    await Deno.mkdir(join(dir, "out"));
    await Deno.writeTextFile(join(dir, "out", "results.json"), "{}");
    await Deno.writeTextFile(join(dir, "out", "summary.md"), "#");
    await run.logArtifact(join(dir, "out"), "eval");
    await Deno.writeTextFile(join(dir, "out", "model.onnx"), "");
    await assertRejects(() => run.logArtifact(join(dir, "out")), WeightsArtifactError);
    await run.end("FINISHED");

    assertEquals(server.problems, []);
    assertEquals(warnings, []);
    const [r] = server.runsOf("steel_energy_chronos2");
    assertStrictEquals(r!.info.run_id, run.runId);
    assertStrictEquals(r!.info.start_time, 1700000000000);
    assertStrictEquals(r!.info.user_id, "ana");
    assertStrictEquals(r!.info.status, "FINISHED");
    assertStrictEquals(r!.info.end_time, 1700000000000);
    assertEquals(Object.fromEntries(r!.params), { context_length: "2048", covariates: "none" });
    assert(/^[0-9a-f]{32}$/.test(r!.tags.get("chronos.client_token") ?? ""));
    r!.tags.delete("chronos.client_token");
    assertEquals(Object.fromEntries(r!.tags), {
      "mlflow.user": "ana",
      "mlflow.source.name": "cli/zero_shot.ts",
      "mlflow.source.type": "LOCAL",
      "chronos.run_kind": "zero-shot",
      "mlflow.runName": "zs",
    });
    assert(Number.isNaN(r!.metrics.find((m) => m.key === "coverage")!.value));
    assertEquals([...server.artifacts.keys()].sort(), [
      `1/${run.runId}/artifacts/eval/out/results.json`,
      `1/${run.runId}/artifacts/eval/out/summary.md`,
    ]);
    const seen = server.requests.map((q) =>
      `${q.method} ${q.path.replace(/[0-9a-f]{32}/, "<run>")}`
    );
    assertEquals(seen.slice(0, 4), [
      "GET /health",
      "GET /mlflow/experiments/get-by-name",
      "POST /mlflow/experiments/create",
      "POST /mlflow/runs/create",
    ]);
    assertStrictEquals(seen.at(-1), "POST /mlflow/runs/update");
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("RestTracker copies artifacts into a file: artifact root on this machine", async () => {
  const dir = await Deno.makeTempDir();
  const server = FakeMlflow.start();
  server.fileArtifactRoot = join(dir, "server-artifacts");
  try {
    const tracker = new RestTracker(server.url, {
      env: () => undefined,
      fallbackDir: join(dir, "m"),
    });
    const run = await tracker.startRun({ experiment: "e" });
    await Deno.writeTextFile(join(dir, "r.json"), "[]");
    await run.logArtifact(join(dir, "r.json"));
    await run.end();
    const copied = join(dir, "server-artifacts", "1", run.runId, "artifacts", "r.json");
    assertStrictEquals(await Deno.readTextFile(copied), "[]");
    assertStrictEquals(run.store, "rest");
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("RestTracker falls back at once when the health probe gets no answer (no retries)", async () => {
  const dir = await Deno.makeTempDir();
  const server = FakeMlflow.start();
  const url = server.url;
  try {
    // A server that hangs on the probe: given up at healthTimeoutMs, before any write.
    server.faults.push({ path: "/health", kind: "timeout" });
    const sleeps: number[] = [];
    const hanging = new RestTracker(url, {
      env: () => undefined,
      sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
      fallbackDir: join(dir, "mlruns"),
      healthTimeoutMs: 200,
    });
    const run = await hanging.startRun({ experiment: "e" });
    assertStrictEquals(run.store, "file");
    assertEquals(sleeps, []);
    assertEquals(server.requests.map((r) => r.path), ["/health"]);
    await run.end();
  } finally {
    await server.close();
  }
  try {
    // The same port, now refusing connections.
    const sleeps: number[] = [];
    const down = new RestTracker(url, {
      env: () => undefined,
      sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
      fallbackDir: join(dir, "mlruns"),
    });
    const warnings: string[] = [];
    const run = await new RestTracker(url, {
      env: () => undefined,
      sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
      fallbackDir: join(dir, "mlruns"),
      onWarning: (m) => warnings.push(m),
    }).startRun({ experiment: "e" });
    assertStrictEquals(run.store, "file");
    assertEquals(sleeps, []);
    assert(/health probe/.test(warnings[0]!), warnings[0]);
    await run.end();
    assertStrictEquals(down.kind, "rest");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
