/**
 * Replays runs of a local file store to an MLflow server, idempotently: the
 * remote copy carries the tag `chronos.local_run_id` and is marked complete
 * only at the end, so a run pushed twice appears once, and a push that was
 * cut off is redone cleanly (the partial copy is deleted). The local run is
 * tagged with the remote run id. A run that fell back mid-run replaces the
 * partial run its server kept.
 *
 * @module
 */

import { join } from "node:path";
import { putArtifact } from "./_artifacts.ts";
import { listFiles } from "./_fs.ts";
import { FALLBACK_REMOTE_RUN_TAG, FALLBACK_URI_TAG } from "./fallback.ts";
import { readFileInputs } from "./_file_inputs.ts";
import { readFileRuns, readMetricHistory } from "./file_reader.ts";
import { redactUrl } from "../net/redact.ts";
import { FileStore } from "./file_store.ts";
import { MlflowClient, type MlflowClientOptions } from "./mlflow_client.ts";
import type { RunSummary } from "./types.ts";

/** Remote tag: the local run a pushed run came from. */
export const LOCAL_RUN_TAG = "chronos.local_run_id";
/** Remote tag: set to "true" once every part of a run was pushed. */
export const PUSH_COMPLETE_TAG = "chronos.push_complete";
/** Local tag: the remote run id of the last push. */
export const PUSHED_RUN_TAG = "chronos.pushed_run_id";
/** Local tag: the server of the last push. */
export const PUSHED_URI_TAG = "chronos.pushed_uri";

/** Options of {@linkcode pushRuns}. */
export interface PushOptions {
  /** The server URL. */
  to: string;
  /** The local store folder. @default "./mlruns" */
  from?: string;
  /** Push only this run (even when it is still RUNNING). @default every finished run */
  runId?: string;
  /** Transport, auth and retry options of the client. @default {} */
  client?: MlflowClientOptions;
  /** Receives one line per run. */
  onProgress?: (message: string) => void;
  /** Receives non-fatal problems (e.g. a partial remote run that could not be deleted). */
  onWarning?: (message: string) => void;
}

/** What happened to one local run. */
export interface PushOutcome {
  /** Local run id. */
  localRunId: string;
  /** Remote run id (new or found). */
  remoteRunId?: string;
  /** "pushed", "already-pushed" or "skipped". */
  action: "pushed" | "already-pushed" | "skipped";
  /** Why it was skipped. */
  reason?: string;
}

/**
 * Pushes local runs to a server.
 *
 * @param options server, store, run filter and callbacks
 * @returns one outcome per local run considered, oldest first
 * @throws {RangeError} when `runId` is not in the local store
 * @throws {MlflowRequestError} when the server fails (runs pushed so far stay pushed)
 * @example Usage
 * ```ts ignore
 * import { pushRuns } from "@chronos-deno/chronos-deno/tracking";
 * const outcomes = await pushRuns({ to: "http://127.0.0.1:5000", from: "./mlruns" });
 * console.log(outcomes.filter((o) => o.action === "pushed").length);
 * ```
 */
export async function pushRuns(options: PushOptions): Promise<PushOutcome[]> {
  const root = options.from ?? "./mlruns";
  const client = new MlflowClient(options.to, options.client);
  const store = new FileStore(root);
  let runs = (await readFileRuns(root)).reverse();
  if (options.runId !== undefined) {
    runs = runs.filter((r) => r.runId === options.runId);
    if (runs.length === 0) {
      throw new RangeError(
        `Cannot push run "${options.runId}": it is not in the local store "${store.uri}"; ` +
          `list runs with "deno task runs --uri ${root}"`,
      );
    }
  }
  const out: PushOutcome[] = [];
  for (const run of runs) {
    if (run.status === "RUNNING" && options.runId === undefined) {
      out.push({ localRunId: run.runId, action: "skipped", reason: "still running" });
      options.onProgress?.(`skipped ${run.runId}: still running (push it with --run)`);
      continue;
    }
    const o = await pushOne(client, store, run, options);
    out.push(o);
    options.onProgress?.(
      o.action === "pushed"
        ? `pushed ${run.runId} -> ${o.remoteRunId} (${run.experimentName})`
        : `already pushed ${run.runId} -> ${o.remoteRunId}`,
    );
  }
  return out;
}

async function pushOne(
  client: MlflowClient,
  store: FileStore,
  run: RunSummary,
  options: PushOptions,
): Promise<PushOutcome> {
  const runDir = join(store.uri, run.experimentId, run.runId);
  const info = { runId: run.runId, experimentId: run.experimentId, dir: runDir };
  const markLocal = (remoteRunId: string) =>
    store.logBatch(info, {
      tags: { [PUSHED_RUN_TAG]: remoteRunId, [PUSHED_URI_TAG]: client.baseUrl },
    });
  const experimentId = await client.getOrCreateExperiment(run.experimentName);
  const existing = await client.searchRuns(
    { [experimentId]: run.experimentName },
    `tags.\`${LOCAL_RUN_TAG}\` = '${run.runId}'`,
  );
  const done = existing.find((r) => r.tags[PUSH_COMPLETE_TAG] === "true");
  if (done) {
    if (run.tags[PUSHED_RUN_TAG] !== done.runId) await markLocal(done.runId);
    return { localRunId: run.runId, remoteRunId: done.runId, action: "already-pushed" };
  }
  // A push that was cut off: remove the partial copy, then push again.
  for (const partial of existing) await client.deleteRun(partial.runId);

  // Tags written by older versions may hold a URI with credentials: never push those.
  const tags = Object.fromEntries(
    Object.entries(run.tags).filter(([k]) => k !== PUSHED_RUN_TAG && k !== PUSHED_URI_TAG)
      .map(([k, v]) => [k, k === FALLBACK_URI_TAG ? redactUrl(v) : v]),
  );
  tags[LOCAL_RUN_TAG] = run.runId;
  const created = await client.createRun({
    experimentId,
    runName: run.runName,
    startTime: run.startTime,
    userId: run.userId,
    tags,
  });
  try {
    await client.logBatch(created.runId, {
      params: Object.entries(run.params).map(([key, value]) => ({ key, value })),
      metrics: await readMetricHistory(runDir),
    });
    await client.logInputs(created.runId, await readFileInputs(runDir));
    const artifactDir = run.artifactDir ?? join(runDir, "artifacts");
    for (const rel of await listFiles(artifactDir)) {
      await putArtifact(client, created.artifactUri, rel, join(artifactDir, rel));
    }
    if (run.status === "FINISHED" || run.status === "FAILED" || run.status === "KILLED") {
      await client.updateRun(created.runId, run.status, run.endTime ?? Date.now());
    }
    // Last: only a run with every part on the server counts as pushed.
    await client.logBatch(created.runId, { tags: [{ key: PUSH_COMPLETE_TAG, value: "true" }] });
  } catch (err) {
    // Leave no half-pushed run that looks alive: delete it (a next push starts clean anyway).
    await client.deleteRun(created.runId).catch(() =>
      client.updateRun(created.runId, "FAILED", Date.now()).catch(() => {})
    );
    throw err;
  }
  await supersedePartial(client, run, created.runId, options);
  await markLocal(created.runId);
  return { localRunId: run.runId, remoteRunId: created.runId, action: "pushed" };
}

/** A run that fell back mid-run left a partial copy on its server: delete it there. */
async function supersedePartial(
  client: MlflowClient,
  run: RunSummary,
  replacement: string,
  options: PushOptions,
): Promise<void> {
  const partialId = run.tags[FALLBACK_REMOTE_RUN_TAG];
  const origin = run.tags[FALLBACK_URI_TAG];
  if (!partialId || !origin) return;
  // The partial run lives on the server the run fell back from, wherever this push goes.
  const same = redactUrl(origin) === redactUrl(client.baseUrl);
  const shown = redactUrl(origin);
  try {
    const home = same ? client : new MlflowClient(origin, options.client);
    const partial = await home.getRun(partialId);
    if (!partial) return;
    await home.logBatch(partialId, {
      tags: [{ key: "chronos.superseded_by", value: replacement }, {
        key: PUSHED_URI_TAG,
        value: client.baseUrl,
      }],
    });
    if (same) await home.deleteRun(partialId);
    else if (partial.status === "RUNNING") await home.updateRun(partialId, "FAILED", Date.now());
  } catch (err) {
    options.onWarning?.(
      `Cannot ${same ? "delete" : "mark FAILED"} the partial run "${partialId}" left on ` +
        `"${shown}": ${err instanceof Error ? err.message : String(err)}; ` +
        `${same ? "delete" : "end"} it in the MLflow UI`,
    );
  }
}
