/**
 * Integration with a real MLflow (3.x): when an `mlflow` executable is on
 * PATH, start real servers on free loopback ports and check, over REST, that
 * (1) runs logged through the REST tracker are served back (dataset inputs
 * included), (2) MLflow reads our local file store (its dataset inputs too),
 * and (3) a push lands once. Skipped with the reason
 * otherwise.
 *
 * @module
 */

import { join } from "node:path";
import { assert, assertEquals, assertStrictEquals } from "../../_helpers/assert.ts";
import { FileStore } from "../../../lib/tracking/file_store.ts";
import { listRuns } from "../../../lib/tracking/list_runs.ts";
import { MlflowClient } from "../../../lib/tracking/mlflow_client.ts";
import { pushRuns } from "../../../lib/tracking/push.ts";
import { RestTracker } from "../../../lib/tracking/rest_tracker.ts";

async function mlflowVersion(): Promise<string | undefined> {
  try {
    const out = await new Deno.Command("mlflow", {
      args: ["--version"],
      stdout: "piped",
      stderr: "null",
    })
      .output();
    return out.success ? new TextDecoder().decode(out.stdout).trim() : undefined;
  } catch {
    return undefined;
  }
}

const version = await mlflowVersion();
const NAME =
  "a real MLflow server serves REST-logged runs, reads the file store, and takes a push once";

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function startServer(
  backend: string,
  artifacts: string,
  env: Record<string, string> = {},
): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = freePort();
  const child = new Deno.Command("mlflow", {
    args: [
      "server",
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--backend-store-uri",
      backend,
      "--artifacts-destination",
      artifacts,
    ],
    env,
    stdout: "null",
    stderr: "null",
  }).spawn();
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    await child.status;
  };
  for (let i = 0; i < 240; i++) {
    try {
      const res = await fetch(`${url}/health`);
      await res.body?.cancel();
      if (res.ok) return { url, stop };
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`mlflow server did not start on ${url} within 120 s`);
}

const INPUT = {
  name: "steel",
  digest: "9b1cee6f",
  sourceType: "local",
  source: '{"uri": "file:///data/steel.csv"}',
  schema: '{"mlflow_colspec": [{"type": "double", "name": "Usage_kWh"}]}',
  profile: '{"num_rows": 35040}',
  context: "test",
};

/** A run's dataset inputs as [name, digest, context] from runs/get. */
async function datasetsOf(client: MlflowClient, runId: string): Promise<string[][]> {
  const r = await client.request("GET", "/mlflow/runs/get", { query: { run_id: runId } }) as {
    run: {
      inputs?: {
        dataset_inputs?: { tags?: { value: string }[]; dataset: Record<string, string> }[];
      };
    };
  };
  return (r.run.inputs?.dataset_inputs ?? []).map((d) => [
    d.dataset.name!,
    d.dataset.digest!,
    d.tags?.[0]?.value ?? "",
  ]);
}

Deno.test({
  name: version ? `${NAME} (${version})` : `${NAME} (skipped: no "mlflow" executable on PATH)`,
  ignore: version === undefined,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    const servers: { stop: () => Promise<void> }[] = [];
    try {
      const rest = await startServer(`sqlite:///${dir}/mlflow.db`, join(dir, "artifacts"));
      servers.push(rest);
      const opts = { env: () => undefined, maxRetries: 2, fallbackDir: join(dir, "unused") };
      const warnings: string[] = [];
      const run = await new RestTracker(rest.url, { ...opts, onWarning: (m) => warnings.push(m) })
        .startRun({ experiment: "steel_energy_chronos2", runName: "it", tags: { k: "v" } });
      await run.logParams({ context_length: 512 });
      for (let s = 0; s < 3; s++) await run.logMetrics({ loss: s === 1 ? NaN : 1 / (s + 1) }, s);
      await Deno.writeTextFile(join(dir, "results.json"), '{"rmse":1.5}');
      await run.logArtifact(join(dir, "results.json"), "eval");
      await run.logInputs([INPUT]);
      await run.end();
      assertEquals(warnings, []);
      assertStrictEquals(run.store, "rest");

      const client = new MlflowClient(rest.url, { env: () => undefined });
      const got = await client.getRun(run.runId, "steel_energy_chronos2");
      assertStrictEquals(got!.status, "FINISHED");
      assertStrictEquals(got!.params.context_length, "512");
      assertStrictEquals(got!.tags.k, "v");
      assert(got!.startTime > 1.6e12, "start_time was stored");
      const history = await client.request("GET", "/mlflow/metrics/get-history", {
        query: { run_id: run.runId, metric_key: "loss", max_results: "25000" },
      }) as { metrics: { value: unknown; step: number }[] };
      assertEquals(history.metrics.map((m) => m.step), [0, 1, 2]);
      assertEquals(history.metrics.map((m) => String(m.value)), ["1", "NaN", String(1 / 3)]);
      const artifact = await client.request(
        "GET",
        `/mlflow-artifacts/artifacts/${
          got!.artifactUri.replace(/^mlflow-artifacts:\/+/, "")
        }/eval/results.json`,
      );
      assertEquals(artifact, { rmse: 1.5 });
      assertEquals(await datasetsOf(client, run.runId), [["steel", "9b1cee6f", "test"]]);

      // MLflow reads our file store (served by a second server on the store).
      const store = new FileStore(join(dir, "mlruns"));
      const local = await store.startRun({ experiment: "local_exp", runName: "from-deno" });
      await local.logParams({ lr: 0.001 });
      await local.logMetrics({ rmse: 2.5 }, 0);
      await local.logMetrics({ rmse: Infinity }, 1);
      await local.logInputs([INPUT]);
      await local.end("FINISHED");
      const fileServer = await startServer(join(dir, "mlruns"), join(dir, "artifacts2"), {
        MLFLOW_ALLOW_FILE_STORE: "true",
      });
      servers.push(fileServer);
      const seen = await listRuns({ uri: fileServer.url, experiment: "local_exp" });
      assertStrictEquals(seen.length, 1);
      assertStrictEquals(seen[0]!.runId, local.runId);
      assertStrictEquals(seen[0]!.params.lr, "0.001");
      assertStrictEquals(seen[0]!.metrics.rmse, Infinity);
      assertStrictEquals(seen[0]!.status, "FINISHED");
      assertStrictEquals(seen[0]!.tags["mlflow.runName"], "from-deno");
      const fileClient = new MlflowClient(fileServer.url, { env: () => undefined });
      assertEquals(await datasetsOf(fileClient, local.runId), [["steel", "9b1cee6f", "test"]]);

      // Push the local run to the REST server, twice: it appears once.
      const client2 = { env: () => undefined };
      await pushRuns({ to: rest.url, from: join(dir, "mlruns"), client: client2 });
      await pushRuns({ to: rest.url, from: join(dir, "mlruns"), client: client2 });
      const pushed = await listRuns({ uri: rest.url, experiment: "local_exp", client: client2 });
      assertStrictEquals(pushed.length, 1);
      assertStrictEquals(pushed[0]!.params.lr, "0.001");
    } finally {
      for (const s of servers) await s.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
