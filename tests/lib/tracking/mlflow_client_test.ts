import { assert, assertEquals, assertRejects, assertStrictEquals } from "../../_helpers/assert.ts";
import { MlflowRequestError } from "../../../lib/errors.ts";
import { MlflowClient, MlflowServerError } from "../../../lib/tracking/mlflow_client.ts";
import { FakeMlflow } from "./_fake_mlflow.ts";

const noEnv = () => undefined;

function client(server: FakeMlflow, opts: ConstructorParameters<typeof MlflowClient>[1] = {}) {
  const sleeps: number[] = [];
  const c = new MlflowClient(server.url, {
    env: noEnv,
    sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
    random: () => 0,
    timeoutMs: 2000,
    ...opts,
  });
  return { c, sleeps };
}

Deno.test("getOrCreateExperiment() looks up by name, creates once, sends the expected requests", async () => {
  const server = FakeMlflow.start();
  try {
    const { c } = client(server, { token: "s3cret" });
    assertStrictEquals(await c.getOrCreateExperiment("steel energy"), "1");
    assertStrictEquals(await c.getOrCreateExperiment("steel energy"), "1");
    const seen = server.requests.map((r) => `${r.method} ${r.path}`);
    assertEquals(seen, [
      "GET /mlflow/experiments/get-by-name",
      "POST /mlflow/experiments/create",
      "GET /mlflow/experiments/get-by-name",
    ]);
    assertEquals(server.requests[0]!.query, { experiment_name: "steel energy" });
    assertEquals(server.requests[1]!.body, { name: "steel energy" });
    assertStrictEquals(server.requests[1]!.headers["content-type"], "application/json");
    for (const r of server.requests) assertStrictEquals(r.headers.authorization, "Bearer s3cret");
    assertEquals(server.problems, []);
  } finally {
    await server.close();
  }
});

Deno.test("getOrCreateExperiment() resolves a creation race (RESOURCE_ALREADY_EXISTS)", async () => {
  const server = FakeMlflow.start();
  try {
    const racing: typeof fetch = (input, init) => {
      if (String(input).endsWith("/experiments/create")) {
        // Another client creates it between our lookup and our create.
        server.experiments.set("7", {
          experiment_id: "7",
          name: "race",
          lifecycle_stage: "active",
          artifact_location: "mlflow-artifacts:/7",
        });
      }
      return fetch(input, init);
    };
    const { c } = client(server, { fetch: racing });
    assertStrictEquals(await c.getOrCreateExperiment("race"), "7");
    assertEquals(server.requests.map((r) => r.path.split("/").pop()), [
      "get-by-name",
      "create",
      "get-by-name",
    ]);
  } finally {
    await server.close();
  }
});

Deno.test("createRun() sends start_time, user_id, run_name and tags; Basic auth from env", async () => {
  const server = FakeMlflow.start();
  server.auth = `Basic ${btoa("ana:pw")}`;
  try {
    const env = (k: string) =>
      ({ MLFLOW_TRACKING_USERNAME: "ana", MLFLOW_TRACKING_PASSWORD: "pw" } as Record<
        string,
        string
      >)[k];
    const { c } = client(server, { env });
    const exp = await c.getOrCreateExperiment("e");
    const run = await c.createRun({
      experimentId: exp,
      runName: "r1",
      startTime: 1700000000000,
      userId: "ana",
      tags: { "chronos.run_kind": "zero-shot" },
    });
    assertStrictEquals(run.artifactUri, `mlflow-artifacts:/1/${run.runId}/artifacts`);
    const body = server.requests.at(-1)!.body as { tags: { key: string; value: string }[] };
    const token = body.tags.find((t) => t.key === "chronos.client_token")?.value ?? "";
    assert(/^[0-9a-f]{32}$/.test(token), `client token "${token}"`);
    assertEquals(body, {
      experiment_id: "1",
      run_name: "r1",
      start_time: 1700000000000,
      user_id: "ana",
      tags: [
        { key: "chronos.run_kind", value: "zero-shot" },
        { key: "chronos.client_token", value: token },
      ],
    });
    assertEquals(server.problems, []);
  } finally {
    await server.close();
  }
});

Deno.test("logBatch() splits within the server's limits and encodes NaN/Infinity as strings", async () => {
  const server = FakeMlflow.start();
  try {
    const { c } = client(server);
    const exp = await c.getOrCreateExperiment("e");
    const { runId } = await c.createRun({
      experimentId: exp,
      runName: "r",
      startTime: 1,
      userId: "",
      tags: {},
    });
    const metrics = Array.from({ length: 2500 }, (_, i) => ({
      key: "loss",
      value: i === 0 ? NaN : i === 1 ? Infinity : i === 2 ? -Infinity : i / 10,
      timestamp: 1700000000000 + i,
      step: i,
    }));
    const params = Array.from(
      { length: 250 },
      (_, i) => ({ key: `p${i}`, value: "x".repeat(5000) }),
    );
    const tags = Array.from({ length: 150 }, (_, i) => ({ key: `t${i}`, value: String(i) }));
    await c.logBatch(runId, { metrics, params, tags });
    assertEquals(server.problems, []);
    const batches = server.requests.filter((r) => r.path.endsWith("log-batch"));
    assert(batches.length >= 4, `only ${batches.length} batches`);
    const first = batches[0]!.body as { metrics: unknown[]; params: { value: unknown }[] };
    assertStrictEquals(typeof first.params[0]!.value, "string");
    const run = server.runs.get(runId)!;
    assertStrictEquals(run.metrics.length, 2500);
    assertStrictEquals(run.params.size, 250);
    const at = (step: number) => run.metrics.find((m) => m.step === step)!.value;
    assert(Number.isNaN(at(0)));
    assertStrictEquals(at(1), Infinity);
    assertStrictEquals(at(2), -Infinity);
    assertStrictEquals(at(2499), 249.9);
    const raw = batches.map((b) => JSON.stringify(b.body)).join("");
    assert(raw.includes('"value":"NaN"') && !raw.includes('"value":null'));
  } finally {
    await server.close();
  }
});

Deno.test("request() retries 500, 429, a timeout and a dropped connection with doubling waits", async () => {
  const server = FakeMlflow.start();
  try {
    const { c, sleeps } = client(server, { timeoutMs: 200, maxRetries: 5, backoffMs: 100 });
    server.faults.push(
      { path: "get-by-name", kind: "500" },
      { path: "get-by-name", kind: "429" },
      { path: "get-by-name", kind: "timeout" },
      { path: "get-by-name", kind: "drop" },
    );
    assertStrictEquals(await c.getExperimentByName("Default").then((e) => e?.id), "0");
    assertEquals(sleeps, [100, 200, 400, 800]);
    assertStrictEquals(server.requests.length, 5);
  } finally {
    await server.close();
  }
});

Deno.test("request() gives up after maxRetries with a typed error", async () => {
  const server = FakeMlflow.start();
  try {
    const { c, sleeps } = client(server, { maxRetries: 2 });
    server.faults.push({ path: "runs/update", kind: "500", times: 10 });
    const err = await c.updateRun("abc", "FINISHED", 5).catch((e) => e);
    assert(err instanceof MlflowServerError);
    assertStrictEquals(err.status, 500);
    assertStrictEquals(err.endpoint, "/mlflow/runs/update");
    assertStrictEquals(sleeps.length, 2);
  } finally {
    await server.close();
  }
  const { c } = client(server, { maxRetries: 1 });
  const down = await c.getExperimentByName("x").catch((e) => e);
  assert(down instanceof MlflowRequestError);
  assertStrictEquals(down.status, 0);
  assert(down.message.includes("Cannot reach the MLflow server"), down.message);
});

Deno.test("request() does not retry 4xx answers and keeps MLflow's error code", async () => {
  const server = FakeMlflow.start();
  try {
    const { c, sleeps } = client(server);
    assertStrictEquals(await c.getRun("nope"), undefined);
    const exp = await c.getOrCreateExperiment("e");
    const { runId } = await c.createRun({
      experimentId: exp,
      runName: "r",
      startTime: 1,
      userId: "",
      tags: {},
    });
    await c.logBatch(runId, { params: [{ key: "lr", value: "0.1" }] });
    const err = await c.logBatch(runId, { params: [{ key: "lr", value: "0.2" }] }).catch((e) => e);
    assert(err instanceof MlflowServerError);
    assertStrictEquals(err.errorCode, "INVALID_PARAMETER_VALUE");
    assertStrictEquals(sleeps.length, 0);
  } finally {
    await server.close();
  }
});

Deno.test("uploadArtifact() PUTs through the artifact proxy path", async () => {
  const server = FakeMlflow.start();
  try {
    const { c } = client(server);
    await c.uploadArtifact(
      "mlflow-artifacts:/3/abc/artifacts",
      "eval/results.json",
      new TextEncoder().encode("{}"),
    );
    await c.uploadArtifact(
      "mlflow-artifacts://host:5000/3/abc/artifacts",
      "a b.txt",
      new Uint8Array([1]),
    );
    assertEquals(server.requests.map((r) => `${r.method} ${r.path}`), [
      "PUT /mlflow-artifacts/artifacts/3/abc/artifacts/eval/results.json",
      "PUT /mlflow-artifacts/artifacts/3/abc/artifacts/a%20b.txt",
    ]);
    assertEquals([...server.artifacts.keys()], [
      "3/abc/artifacts/eval/results.json",
      "3/abc/artifacts/a b.txt",
    ]);
    await assertRejects(() => c.uploadArtifact("s3://bucket/x", "f", new Uint8Array()), RangeError);
  } finally {
    await server.close();
  }
});

Deno.test("request() reads bare NaN tokens that Python's json writes", async () => {
  const stub: typeof fetch = () =>
    Promise.resolve(
      new Response(
        '{"run": {"info": {"run_id": "r", "experiment_id": "1", "status": "FINISHED"}, "data": {"metrics": [{"key": "m", "value": NaN}]}}}',
      ),
    );
  const c = new MlflowClient("http://127.0.0.1:1", { fetch: stub, env: noEnv });
  const run = await c.getRun("r");
  assert(Number.isNaN(run!.metrics.m));
  assertStrictEquals(run!.status, "FINISHED");
});

Deno.test("createRun() whose answer was lost finds its run again instead of creating a second", async () => {
  const server = FakeMlflow.start();
  try {
    const { c } = client(server);
    const exp = await c.getOrCreateExperiment("e");
    server.faults.push({ path: "/mlflow/runs/create", kind: "lost" });
    const run = await c.createRun({
      experimentId: exp,
      runName: "r",
      startTime: 1,
      userId: "",
      tags: {},
    });
    assertStrictEquals(server.runsOf("e").length, 1);
    assertStrictEquals(server.runsOf("e")[0]!.info.run_id, run.runId);
    const paths = server.requests.map((r) => r.path.split("/").at(-1));
    assertEquals(paths.slice(-2), ["create", "search"]);
    assertEquals(server.problems, []);
  } finally {
    await server.close();
  }
});

Deno.test("createRun() after a 500 that created nothing creates the run once", async () => {
  const server = FakeMlflow.start();
  try {
    const { c } = client(server);
    const exp = await c.getOrCreateExperiment("e");
    server.faults.push({ path: "/mlflow/runs/create", kind: "500" });
    await c.createRun({ experimentId: exp, runName: "r", startTime: 1, userId: "", tags: {} });
    assertStrictEquals(server.runsOf("e").length, 1);
    const paths = server.requests.map((r) => r.path.split("/").at(-1));
    assertEquals(paths.slice(-3), ["create", "search", "create"]);
  } finally {
    await server.close();
  }
});

Deno.test("a log batch with NaN whose answer was lost is not sent again (no 400), the rest is", async () => {
  const server = FakeMlflow.start();
  try {
    const { c } = client(server);
    const exp = await c.getOrCreateExperiment("e");
    const { runId } = await c.createRun({
      experimentId: exp,
      runName: "r",
      startTime: 1,
      userId: "",
      tags: {},
    });
    await c.logBatch(runId, { metrics: [{ key: "loss", value: 0.5, timestamp: 10, step: 1 }] });
    server.faults.push({ path: "/mlflow/runs/log-batch", kind: "lost" });
    await c.logBatch(runId, {
      metrics: [
        { key: "loss", value: NaN, timestamp: 11, step: 2 },
        { key: "val_loss", value: Infinity, timestamp: 11, step: 2 },
      ],
    });
    const run = server.runs.get(runId)!;
    assertEquals(run.metrics.map((m) => [m.key, m.step]), [["loss", 1], ["loss", 2], [
      "val_loss",
      2,
    ]]);
    assert(server.requests.some((r) => r.path === "/mlflow/metrics/get-history"));
    assertEquals(server.problems, []);
  } finally {
    await server.close();
  }
});

Deno.test("logInputs() sends the dataset as runs/log-inputs and runs/get returns it", async () => {
  const server = FakeMlflow.start();
  try {
    const { c } = client(server);
    const exp = await c.getOrCreateExperiment("e");
    const { runId } = await c.createRun({
      experimentId: exp,
      runName: "r",
      startTime: 1,
      userId: "",
      tags: {},
    });
    const input = {
      name: "steel",
      digest: "9b1cee6f",
      sourceType: "local",
      source: '{"uri": "file:///data/steel.csv"}',
      schema: '{"mlflow_colspec": [{"type": "double", "name": "Usage_kWh"}]}',
      profile: '{"num_rows": 35040}',
      context: "test",
    };
    await c.logInputs(runId, [input]);
    await c.logInputs(runId, [input]);
    assertEquals(server.problems, []);
    const got = await c.request("GET", "/mlflow/runs/get", { query: { run_id: runId } }) as {
      run: { inputs: { dataset_inputs: unknown[] } };
    };
    assertEquals(got.run.inputs.dataset_inputs, [{
      tags: [{ key: "mlflow.data.context", value: "test" }],
      dataset: {
        name: "steel",
        digest: "9b1cee6f",
        source_type: "local",
        source: input.source,
        schema: input.schema,
        profile: input.profile,
      },
    }]);
  } finally {
    await server.close();
  }
});
