/**
 * Reads an MLflow file store back (ours or one written by MLflow itself):
 * experiments, runs with their params, tags and latest metrics, and full
 * metric histories for pushing to a server.
 *
 * @module
 */

import { checkPathSegment } from "../paths/inside_folder.ts";
import { join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { listFiles, readTextIfExists } from "./_fs.ts";
import { parseYaml } from "./_yaml.ts";
import type { MetricPoint, RunSummary } from "./types.ts";
import { statusName } from "./types.ts";
import { parseMetricValue } from "./validation.ts";

/** One experiment of a file store. */
export interface FileExperiment {
  /** Numeric id (the folder name). */
  id: string;
  /** Name. */
  name: string;
  /** "active" or "deleted". */
  lifecycleStage: string;
  /** The experiment folder. */
  dir: string;
}

const RESERVED = new Set(["tags", "datasets", "traces"]);

async function subdirs(dir: string): Promise<string[]> {
  try {
    const out: string[] = [];
    for await (const e of Deno.readDir(dir)) if (e.isDirectory) out.push(e.name);
    return out.sort();
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return [];
    throw err;
  }
}

/**
 * Lists the experiments of a store: numeric folders whose `meta.yaml` names
 * the same id, as MLflow reads them.
 *
 * @param root the store folder
 * @param options also list experiments moved to `.trash/`
 * @returns the experiments, by id
 * @example Usage
 * ```ts
 * import { readExperiments } from "@chronos-deno/chronos-deno/tracking";
 * const exps = await readExperiments(await Deno.makeTempDir());
 * if (exps.length !== 0) throw new Error();
 * ```
 */
export async function readExperiments(
  root: string,
  options: { includeTrash?: boolean } = {},
): Promise<FileExperiment[]> {
  const out: FileExperiment[] = [];
  const dirs = [root, ...(options.includeTrash ? [join(root, ".trash")] : [])];
  for (const parent of dirs) {
    for (const name of await subdirs(parent)) {
      if (!/^\d+$/.test(name)) continue;
      const text = await readTextIfExists(join(parent, name, "meta.yaml"));
      if (text === undefined) continue;
      const meta = parseYaml(text);
      if (String(meta.experiment_id) !== name) continue;
      out.push({
        id: name,
        name: String(meta.name ?? ""),
        lifecycleStage: String(meta.lifecycle_stage ?? "active"),
        dir: join(parent, name),
      });
    }
  }
  return out.sort((a, b) => Number(a.id) - Number(b.id));
}

/**
 * Reads one metric file (`<ms> <value> <step>` lines; step 0 when absent).
 *
 * @param key the metric key
 * @param text the file content
 * @returns its points in file order
 * @throws {SyntaxError} on a malformed line
 * @example Usage
 * ```ts
 * import { parseMetricLines } from "@chronos-deno/chronos-deno/tracking";
 * const p = parseMetricLines("loss", "1700000000000 nan 2\n");
 * if (p[0]!.step !== 2 || !Number.isNaN(p[0]!.value)) throw new Error();
 * ```
 */
export function parseMetricLines(key: string, text: string): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const parts = line.trim().split(" ");
    if (parts.length < 2 || parts.length > 3) {
      throw new SyntaxError(
        `Cannot read metric "${key}" line "${line}": expected "<ms> <value> <step>"`,
      );
    }
    out.push({
      key,
      timestamp: Number(parts[0]),
      value: parseMetricValue(parts[1]),
      step: parts[2] === undefined ? 0 : Number(parts[2]),
    });
  }
  return out;
}

/**
 * The latest point of a history: highest step, then latest time, then last written.
 *
 * @param points a metric's history
 * @returns the latest point, or undefined when empty
 * @example Usage
 * ```ts
 * import { latestPoint } from "@chronos-deno/chronos-deno/tracking";
 * import assert from "node:assert/strict";
 * const p = (step: number, timestamp: number) => ({ key: "loss", value: step, step, timestamp });
 * assert.equal(latestPoint([p(2, 5), p(3, 1), p(1, 9)])?.step, 3);
 * assert.equal(latestPoint([]), undefined);
 * ```
 */
export function latestPoint(points: readonly MetricPoint[]): MetricPoint | undefined {
  let best: MetricPoint | undefined;
  for (const p of points) {
    if (!best || p.step > best.step || (p.step === best.step && p.timestamp >= best.timestamp)) {
      best = p;
    }
  }
  return best;
}

async function readKeyed(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const rel of await listFiles(dir)) out[rel] = await Deno.readTextFile(join(dir, rel));
  return out;
}

/**
 * Reads the full metric history of a run folder.
 *
 * @param runDir the run folder
 * @returns every point, grouped by key in key order
 * @example Usage
 * ```ts
 * import { readMetricHistory } from "@chronos-deno/chronos-deno/tracking";
 * import assert from "node:assert/strict";
 * const runDir = await Deno.makeTempDir();
 * await Deno.mkdir(`${runDir}/metrics`);
 * await Deno.writeTextFile(`${runDir}/metrics/loss`, "1700000000000 0.5 0\n1700000000001 0.25 1\n");
 * const points = await readMetricHistory(runDir);
 * assert.deepEqual(points.map((p) => p.value), [0.5, 0.25]);
 * ```
 */
export async function readMetricHistory(runDir: string): Promise<MetricPoint[]> {
  const out: MetricPoint[] = [];
  const dir = join(runDir, "metrics");
  for (const rel of await listFiles(dir)) {
    out.push(...parseMetricLines(rel, await Deno.readTextFile(join(dir, rel))));
  }
  return out;
}

/**
 * Reads one run folder; `undefined` when it is not a valid run (as MLflow
 * skips it) or was deleted.
 *
 * @param exp the experiment
 * @param runId the run folder name
 * @returns the run
 * @example Usage
 * ```ts
 * import { readFileRun } from "@chronos-deno/chronos-deno/tracking";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const exp = { id: "0", name: "Default", lifecycleStage: "active", dir };
 * assert.equal(await readFileRun(exp, "no-such-run"), undefined);
 * ```
 */
export async function readFileRun(
  exp: FileExperiment,
  runId: string,
): Promise<RunSummary | undefined> {
  if (!isPlainSegment(runId)) return undefined;
  const dir = join(exp.dir, runId);
  const text = await readTextIfExists(join(dir, "meta.yaml"));
  if (text === undefined) return undefined;
  const meta = parseYaml(text);
  if (String(meta.run_id ?? meta.run_uuid) !== runId || String(meta.experiment_id) !== exp.id) {
    return undefined;
  }
  if (meta.lifecycle_stage === "deleted") return undefined;
  const metrics: Record<string, number> = {};
  const history = await readMetricHistory(dir);
  for (const key of new Set(history.map((p) => p.key))) {
    metrics[key] = latestPoint(history.filter((p) => p.key === key))!.value;
  }
  const tags = await readKeyed(join(dir, "tags"));
  const artifactUri = String(meta.artifact_uri ?? "");
  const summary: RunSummary = {
    runId,
    runName: String(meta.run_name ?? tags["mlflow.runName"] ?? ""),
    experimentId: exp.id,
    experimentName: exp.name,
    status: statusName(meta.status ?? 1),
    startTime: Number(meta.start_time ?? 0),
    endTime: meta.end_time === null || meta.end_time === undefined ? null : Number(meta.end_time),
    userId: String(meta.user_id ?? ""),
    artifactUri,
    params: await readKeyed(join(dir, "params")),
    metrics,
    tags,
  };
  if (artifactUri.startsWith("file:")) {
    try {
      summary.artifactDir = fromFileUrl(artifactUri);
    } catch {
      summary.artifactDir = join(dir, "artifacts");
    }
  }
  return summary;
}

/**
 * Reads every active run of a store, optionally of one experiment only.
 *
 * @param root the store folder
 * @param options experiment name filter
 * @returns the runs, newest first
 * @example Usage
 * ```ts
 * import { readFileRuns } from "@chronos-deno/chronos-deno/tracking";
 * const runs = await readFileRuns(await Deno.makeTempDir());
 * if (runs.length !== 0) throw new Error();
 * ```
 */
export async function readFileRuns(
  root: string,
  options: { experiment?: string } = {},
): Promise<RunSummary[]> {
  const out: RunSummary[] = [];
  for (const exp of await readExperiments(root)) {
    if (exp.lifecycleStage !== "active") continue;
    if (options.experiment !== undefined && exp.name !== options.experiment) continue;
    for (const name of await subdirs(exp.dir)) {
      if (RESERVED.has(name) || name.startsWith(".")) continue;
      const run = await readFileRun(exp, name);
      if (run) out.push(run);
    }
  }
  return out.sort((a, b) => b.startTime - a.startTime);
}

/** Whether a run id can be a folder name of the store (no separator, not `.` or `..`). */
function isPlainSegment(id: string): boolean {
  try {
    checkPathSegment(id, "run id");
    return true;
  } catch {
    return false;
  }
}
