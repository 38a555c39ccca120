/**
 * Finding results files: in folders given on the command line, or among the
 * artifacts of tracked runs (local MLflow file store).
 *
 * @module
 */

import { listRuns, resolveTrackingUri } from "../tracking/mod.ts";
import { type LoadedResults, loadResults } from "../results/read.ts";

/** Results files are JSON files with "results" in their name. */
const RESULTS_NAME = /results.*\.json$/i;

/**
 * Lists the results files (`*results*.json`) at `path`: the file itself, or
 * those in the folder and its subfolders (up to `maxDepth` levels, hidden
 * folders and `mlruns` tracking stores left out), sorted.
 *
 * @param path a file or folder
 * @param maxDepth how deep to look into subfolders
 * @returns file paths
 * @throws {Deno.errors.NotFound} when `path` does not exist
 * @default maxDepth 4
 * @example Usage
 * ```ts
 * import { findResultsFiles } from "@chronos-deno/chronos-deno/report";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(await findResultsFiles(await Deno.makeTempDir()), []);
 * ```
 */
export async function findResultsFiles(path: string, maxDepth = 4): Promise<string[]> {
  const info = await Deno.stat(path);
  if (info.isFile) return [path];
  const out: string[] = [];
  const walk = async (dir: string, depth: number) => {
    for await (const e of Deno.readDir(dir)) {
      const p = `${dir.replace(/[\\/]+$/, "")}/${e.name}`;
      // Tracking stores keep copies of results files as artifacts: read those through --experiment.
      const skip = e.name.startsWith(".") || e.name === "mlruns";
      if (e.isDirectory && depth < maxDepth && !skip) await walk(p, depth + 1);
      else if (e.isFile && RESULTS_NAME.test(e.name)) out.push(p);
    }
  };
  await walk(path, 0);
  return out.sort();
}

/**
 * Loads every results file found at `paths` (files or folders), giving each
 * a unique label (the parent folder is prefixed when two files share a name).
 *
 * @param paths files or folders
 * @returns the loaded files, in path order
 * @throws {Deno.errors.NotFound} when a path does not exist or a folder holds no results file
 * @throws {SyntaxError} or DataValidationError when a file is not a valid results file
 * @example Usage
 * ```ts
 * import { loadResultsFiles } from "@chronos-deno/chronos-deno/report";
 * import { rejects } from "node:assert/strict";
 * await rejects(loadResultsFiles([await Deno.makeTempDir()]), /No results files/);
 * ```
 */
export async function loadResultsFiles(paths: readonly string[]): Promise<LoadedResults[]> {
  const files: string[] = [];
  for (const p of paths) {
    let found: string[];
    try {
      found = await findResultsFiles(p);
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) {
        throw new Deno.errors.NotFound(`Cannot read results from "${p}": no such file or folder`);
      }
      throw err;
    }
    if (found.length === 0) {
      throw new Deno.errors.NotFound(
        `No results files (*results*.json) in "${p}": run "deno task zero-shot" or ` +
          `"deno task finetune" first, or point --results at a results file`,
      );
    }
    files.push(...found.filter((f) => !files.includes(f)));
  }
  const loaded = await Promise.all(files.map(loadResults));
  return uniqueLabels(loaded);
}

/** Options of {@linkcode loadExperimentResults}. */
export interface ExperimentResultsOptions {
  /**
   * Tracking URI (a local store).
   * @default env MLFLOW_TRACKING_URI, else "./mlruns"
   */
  uri?: string;
  /**
   * Every finished run with results, rather than only the latest.
   * @default false
   */
  allRuns?: boolean;
}

/**
 * Loads the results files logged as artifacts by the runs of a tracked
 * experiment: by default the latest finished run that has one.
 *
 * @param experiment the experiment name
 * @param options store and which runs
 * @returns the loaded files, labelled `<experiment>/<run name>`
 * @throws {RangeError} when the experiment does not exist, or the store is a server
 * @throws {Deno.errors.NotFound} when no finished run has a results artifact
 * @example Usage
 * ```ts
 * import { loadExperimentResults } from "@chronos-deno/chronos-deno/report";
 * import { rejects } from "node:assert/strict";
 * await rejects(loadExperimentResults("none", { uri: await Deno.makeTempDir() }));
 * ```
 */
export async function loadExperimentResults(
  experiment: string,
  options: ExperimentResultsOptions = {},
): Promise<LoadedResults[]> {
  const store = resolveTrackingUri(options.uri);
  if (store.kind !== "file") {
    throw new RangeError(
      `Cannot read run artifacts from the tracking server "${store.uri}": --experiment reads a ` +
        `local store; download the runs' results JSON and pass it with --results, or set ` +
        `--tracking-uri to a local folder`,
    );
  }
  const runs = (await listRuns({
    experiment,
    ...(options.uri !== undefined ? { uri: options.uri } : {}),
  })).filter((r) => r.status === "FINISHED").sort((a, b) => b.startTime - a.startTime);
  const out: LoadedResults[] = [];
  for (const run of runs) {
    if (!run.artifactDir) {
      throw new Deno.errors.NotFound(
        `Cannot read the artifacts of run "${run.runId}": they are on a tracking server; ` +
          `download its results JSON and pass it with --results`,
      );
    }
    const files = await findResultsFiles(run.artifactDir).catch(() => []);
    for (const f of files) {
      const r = await loadResults(f);
      out.push({ ...r, label: `${experiment}/${run.runName || run.runId.slice(0, 8)}` });
    }
    if (files.length > 0 && !options.allRuns) break;
  }
  if (out.length === 0) {
    throw new Deno.errors.NotFound(
      `No finished run of experiment "${experiment}" has a results artifact: ` +
        `${runs.length} finished run(s) looked at`,
    );
  }
  return uniqueLabels(out.reverse());
}

/**
 * Makes labels unique: the parent folder is prefixed to a repeated label,
 * then a counter is appended if that is not enough.
 *
 * @param files loaded files
 * @returns the same files with unique labels
 * @example Usage
 * ```ts
 * import { uniqueLabels } from "@chronos-deno/chronos-deno/report";
 * import type { LoadedResults } from "@chronos-deno/chronos-deno/results";
 * import { deepEqual } from "node:assert/strict";
 * const f = (source: string) => ({ source, label: "results" }) as LoadedResults;
 * deepEqual(uniqueLabels([f("a/results.json"), f("b/results.json")]).map((x) => x.label),
 *   ["a/results", "b/results"]);
 * ```
 */
export function uniqueLabels(files: readonly LoadedResults[]): LoadedResults[] {
  const count = (labels: string[], l: string) => labels.filter((x) => x === l).length;
  let labels = files.map((f) => f.label);
  labels = labels.map((l, i) => {
    if (count(labels, l) < 2) return l;
    const parent = files[i]!.source.split(/[\\/]/).slice(-2, -1)[0];
    return parent ? `${parent}/${l}` : l;
  });
  const seen = new Map<string, number>();
  labels = labels.map((l) => {
    const n = (seen.get(l) ?? 0) + 1;
    seen.set(l, n);
    return count(labels, l) > 1 ? `${l} #${n}` : l;
  });
  return files.map((f, i) => ({ ...f, label: labels[i]! }));
}
