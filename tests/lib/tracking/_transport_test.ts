import assert from "node:assert/strict";
import { MlflowRequestError } from "../../../lib/errors.ts";
import { MlflowClient, MlflowServerError } from "../../../lib/tracking/mlflow_client.ts";
import { RestTracker } from "../../../lib/tracking/rest_tracker.ts";
import { startFaultServer } from "../../_helpers/fault_server.ts";

const TOKEN = "tok_ABCdef123456789";
const noEnv = () => undefined;
const instant = { env: noEnv, sleep: () => Promise.resolve(), random: () => 0 };

async function failure(p: Promise<unknown>): Promise<MlflowRequestError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof MlflowRequestError) return err;
    throw err;
  }
  throw new Error("expected an MlflowRequestError");
}

Deno.test("a tracking server that hangs falls back to ./mlruns within the probe limit, with a warning", async () => {
  const server = startFaultServer({ kind: "hang" });
  const dir = await Deno.makeTempDir();
  try {
    const warnings: string[] = [];
    const tracker = new RestTracker(server.url, {
      ...instant,
      fallbackDir: dir,
      probeTimeoutMs: 300,
      onWarning: (w) => warnings.push(w),
    });
    const started = Date.now();
    const run = await tracker.startRun({ experiment: "steel" });
    assert.equal(run.store, "file");
    assert.equal(warnings.length, 1);
    assert.ok(Date.now() - started < 20_000, "the default 120 s timeout × 6 tries was not waited");
    await run.end("FINISHED");
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an MLflow error body that echoes the Authorization header is shown without the token", async () => {
  const server = startFaultServer({ kind: "echo", status: 400 });
  try {
    const c = new MlflowClient(server.url, { ...instant, token: TOKEN });
    const err = await failure(c.updateRun("r", "FINISHED", 1));
    assert.ok(err instanceof MlflowServerError);
    assert.ok(!err.message.includes("ABCdef123456789"), err.message);
    assert.match(err.message, /Authorization: Bearer \*\*\*/i);
    assert.ok(err.message.length < 600, `${err.message.length} characters`);
  } finally {
    await server.close();
  }
});

Deno.test("basic-auth credentials in the tracking URI are used, never shown", async () => {
  const server = startFaultServer({ kind: "echo", status: 401 });
  try {
    const uri = server.url.replace("http://", "http://ann:pa55word@");
    const c = new MlflowClient(uri, instant);
    assert.equal(c.baseUrl, server.url);
    const err = await failure(c.getRun("r"));
    assert.ok(!err.message.includes("pa55word"), err.message);
    assert.ok(!err.message.includes(btoa("ann:pa55word")), err.message);
    assert.match(
      server.requests[0]!,
      new RegExp(`authorization: Basic ${btoa("ann:pa55word")}`, "i"),
    );
    assert.match(err.message, /MLFLOW_TRACKING_TOKEN/);
  } finally {
    await server.close();
  }
});

// After a 500 or a lost answer, runs/create is looked up by its client token before it is sent
// again (tests/lib/tracking/mlflow_client_test.ts); a 503 (the server did not act) is retried.
Deno.test("runs/create is retried after a 503", async () => {
  const fail503 = startFaultServer({
    kind: "status",
    codes: [503, 200],
    body: '{"run": {"info": {"run_id": "r", "artifact_uri": "a"}}}',
  });
  try {
    const create = { experimentId: "1", runName: "x", startTime: 1, userId: "", tags: {} };
    const r = await new MlflowClient(fail503.url, instant).createRun(create);
    assert.equal(r.runId, "r");
    assert.equal(fail503.requests.length, 2);
  } finally {
    await fail503.close();
  }
});

Deno.test("a server that drips its answer is given up at the request deadline", async () => {
  const server = startFaultServer({ kind: "drip", everyMs: 50, bytes: 100_000 });
  try {
    const c = new MlflowClient(server.url, { ...instant, deadlineMs: 500, maxRetries: 3 });
    const started = Date.now();
    const err = await failure(c.getRun("r"));
    assert.equal(err.status, 0);
    assert.match(err.message, /deadline/);
    assert.ok(Date.now() - started < 10_000);
  } finally {
    await server.close();
  }
});

Deno.test("a huge non-JSON error page is cut in the message", async () => {
  const server = startFaultServer({ kind: "status", codes: [404], body: "<html>".repeat(20_000) });
  try {
    const err = await failure(new MlflowClient(server.url, instant).updateRun("r", "KILLED", 1));
    assert.match(err.message, /… \(65536 characters\)/); // only the first 64 KB are read
    assert.ok(err.message.length < 600);
  } finally {
    await server.close();
  }
});

Deno.test("runs push to a server that echoes the Authorization header never prints the token", async () => {
  const { FileStore } = await import("../../../lib/tracking/file_store.ts");
  const { pushRuns } = await import("../../../lib/tracking/push.ts");
  const server = startFaultServer({ kind: "echo", status: 500 });
  const dir = await Deno.makeTempDir();
  try {
    const store = new FileStore(dir);
    const run = await store.startRun({ experiment: "e", runName: "r" });
    await run.logMetrics({ rmse: 1 });
    await run.end("FINISHED");
    const warnings: string[] = [];
    const shown = await pushRuns({
      to: server.url,
      from: dir,
      client: { ...instant, token: TOKEN, maxRetries: 0 },
      onWarning: (w) => warnings.push(w),
    }).then((o) => JSON.stringify(o), (e: Error) => e.message);
    const all = `${shown}\n${warnings.join("\n")}`;
    assert.ok(!all.includes("ABCdef123456789"), all);
    assert.match(all, /Bearer \*\*\*/);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
