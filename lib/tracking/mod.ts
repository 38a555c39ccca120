/**
 * Experiment tracking with MLflow: a tracking server when
 * `MLFLOW_TRACKING_URI` is an http(s) URL, the MLflow file store (`./mlruns`)
 * otherwise, and a local fallback so that no run is lost when a server fails.
 *
 * @example Usage
 * ```ts
 * import { createTracker, listRuns } from "@chronos-deno/chronos-deno/tracking";
 * const dir = await Deno.makeTempDir();
 * const tracker = createTracker({ uri: dir });
 * const run = await tracker.startRun({ experiment: "steel_energy_chronos2", runName: "demo" });
 * await run.logParams({ context_length: 512, prediction_length: 96 });
 * await run.logMetrics({ rmse: 3.2, mae: 1.9 });
 * await run.end("FINISHED");
 * const runs = await listRuns({ uri: dir });
 * if (runs[0]!.params.context_length !== "512") throw new Error();
 * ```
 *
 * @module
 */

export { MlflowRequestError } from "../errors.ts";
export * from "./types.ts";
export * from "./validation.ts";
export * from "./tracker.ts";
export * from "./file_store.ts";
export * from "./file_reader.ts";
export * from "./mlflow_client.ts";
export * from "./rest_tracker.ts";
export * from "./fallback.ts";
export * from "./push.ts";
export * from "./list_runs.ts";
export * from "./format_runs.ts";
export * from "./run_context.ts";
export * from "./log_results.ts";
export * from "./vocabulary.ts";
export * from "./run_lifecycle.ts";
export * from "./metric_stream.ts";
export * from "./dataset_input.ts";
export * from "./task_run.ts";
