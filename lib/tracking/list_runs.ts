/**
 * Lists the runs of a store (local folder or MLflow server), optionally of
 * one experiment, sorted by start time or by a metric.
 *
 * @module
 */

import { redactUrl } from "../net/redact.ts";
import { readExperiments, readFileRuns } from "./file_reader.ts";
import { MlflowClient, type MlflowClientOptions } from "./mlflow_client.ts";
import { resolveTrackingUri } from "./tracker.ts";
import type { RunSummary } from "./types.ts";

/** Options of {@linkcode listRuns}. */
export interface ListRunsOptions {
  /** Tracking URI. @default env MLFLOW_TRACKING_URI, else "./mlruns" */
  uri?: string;
  /** Only this experiment. @default every experiment */
  experiment?: string;
  /**
   * Sort key: a metric name (ascending), `-name` (descending), or "start".
   * Runs without the metric come last. @default newest first
   */
  sort?: string;
  /** Client options for a server. @default {} */
  client?: MlflowClientOptions;
}

/**
 * Lists runs.
 *
 * @param options store, experiment and sort
 * @returns the runs
 * @throws {RangeError} when the experiment does not exist (the message lists those that do)
 * @throws {MlflowRequestError} when the server cannot be read
 * @example Usage
 * ```ts
 * import { createTracker, listRuns } from "@chronos-deno/chronos-deno/tracking";
 * const dir = await Deno.makeTempDir();
 * const run = await createTracker({ uri: dir }).startRun({ experiment: "demo" });
 * await run.logMetrics({ rmse: 2 });
 * await run.end();
 * const runs = await listRuns({ uri: dir, experiment: "demo", sort: "rmse" });
 * if (runs[0]!.metrics.rmse !== 2) throw new Error();
 * ```
 */
export async function listRuns(options: ListRunsOptions = {}): Promise<RunSummary[]> {
  const store = resolveTrackingUri(options.uri, options.client?.env);
  let runs: RunSummary[];
  if (store.kind === "file") {
    if (options.experiment !== undefined) {
      const names = (await readExperiments(store.path)).map((e) => e.name);
      if (!names.includes(options.experiment)) throw noExperiment(options.experiment, names);
    }
    runs = await readFileRuns(store.path, options);
  } else {
    const client = new MlflowClient(store.uri, options.client);
    let exps = await client.searchExperiments();
    if (options.experiment !== undefined) {
      const names = exps.map((e) => e.name);
      exps = exps.filter((e) => e.name === options.experiment);
      if (exps.length === 0) throw noExperiment(options.experiment, names);
    }
    runs = exps.length === 0
      ? []
      : await client.searchRuns(Object.fromEntries(exps.map((e) => [e.id, e.name])));
  }
  // Values written by older versions may hold a URI with credentials: never show those.
  for (const r of runs) {
    for (const [k, v] of Object.entries(r.tags)) if (/uri$/i.test(k)) r.tags[k] = redactUrl(v);
  }
  return sortRuns(runs, options.sort);
}

function noExperiment(name: string, names: string[]): RangeError {
  return new RangeError(
    `No experiment named "${name}": the store has ${
      names.length ? names.map((n) => `"${n}"`).join(", ") : "none"
    }`,
  );
}

/**
 * Sorts runs by a metric (`rmse` ascending, `-r2` descending) or, by default,
 * newest first. Runs without the metric, or with NaN, come last.
 *
 * @param runs the runs
 * @param sort the key
 * @returns a sorted copy
 * @example Usage
 * ```ts
 * import { sortRuns } from "@chronos-deno/chronos-deno/tracking";
 * const r = (id: string, rmse: number) => ({ runId: id, metrics: { rmse }, startTime: 0 });
 * // deno-lint-ignore no-explicit-any
 * const sorted = sortRuns([r("a", 2), r("b", 1)] as any, "rmse");
 * if (sorted[0]!.runId !== "b") throw new Error();
 * ```
 */
export function sortRuns(runs: readonly RunSummary[], sort?: string): RunSummary[] {
  const copy = [...runs];
  if (sort === undefined || sort === "start" || sort === "-start") {
    const sign = sort === "start" ? 1 : -1;
    return copy.sort((a, b) => sign * (a.startTime - b.startTime));
  }
  const desc = sort.startsWith("-");
  const key = desc ? sort.slice(1) : sort;
  const val = (r: RunSummary) => r.metrics[key];
  return copy.sort((a, b) => {
    const x = val(a);
    const y = val(b);
    const xm = x === undefined || Number.isNaN(x);
    const ym = y === undefined || Number.isNaN(y);
    if (xm || ym) return xm === ym ? b.startTime - a.startTime : xm ? 1 : -1;
    return desc ? y! - x! : x! - y!;
  });
}
