/**
 * The shapes of MLflow REST answers and their conversion into our types
 * (no HTTP here: `mlflow_client.ts` sends the requests).
 *
 * @module
 */

import type { KeyValue } from "./_batch.ts";
import type { DatasetInput, RunSummary } from "./types.ts";
import { statusName } from "./types.ts";
import { parseMetricValue } from "./validation.ts";

/** An experiment as the server describes it. */
export interface RestExperiment {
  /** Id. */
  id: string;
  /** Name. */
  name: string;
  /** "active" or "deleted". */
  lifecycleStage: string;
  /** Artifact root. */
  artifactLocation: string;
}

/** Options of {@linkcode MlflowClient.createRun}. */
export interface RestCreateRun {
  /** Experiment id. */
  experimentId: string;
  /** Run name. */
  runName: string;
  /** Start, epoch ms (without it the server stores 0). */
  startTime: number;
  /** User id (without it the server stores ""). */
  userId: string;
  /** Tags. */
  tags: Record<string, string>;
}

/** Parses JSON that may carry bare `NaN`/`Infinity` tokens (Python's json writes them). */
export function parseLenient(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(text.replace(/([:\[,]\s*)(-?Infinity|NaN)(?=\s*[,}\]])/g, '$1"$2"'));
  }
}

/** A run as `runs/get` and `runs/search` return it. */
export interface RestRun {
  info: Record<string, unknown> & { experiment_id: string | number };
  data?: {
    metrics?: { key: string; value: unknown; step?: number | string }[];
    params?: KeyValue[];
    tags?: KeyValue[];
  };
}

/** Converts an experiment answer. */
export function toExperiment(e: Record<string, unknown>): RestExperiment {
  return {
    id: String(e.experiment_id),
    name: String(e.name ?? ""),
    lifecycleStage: String(e.lifecycle_stage ?? "active"),
    artifactLocation: String(e.artifact_location ?? ""),
  };
}

/** Converts a run answer. */
export function toSummary(run: RestRun, experimentName: string): RunSummary {
  const i = run.info;
  const kv = (a: KeyValue[] | undefined) =>
    Object.fromEntries((a ?? []).map((p) => [p.key, p.value]));
  const metrics: Record<string, number> = {};
  for (const m of run.data?.metrics ?? []) metrics[m.key] = parseMetricValue(m.value);
  return {
    runId: String(i.run_id ?? i.run_uuid),
    runName: String(i.run_name ?? ""),
    experimentId: String(i.experiment_id),
    experimentName,
    status: statusName(i.status ?? "RUNNING"),
    startTime: Number(i.start_time ?? 0),
    endTime: i.end_time === undefined || i.end_time === null ? null : Number(i.end_time),
    userId: String(i.user_id ?? ""),
    artifactUri: String(i.artifact_uri ?? ""),
    params: kv(run.data?.params),
    metrics,
    tags: kv(run.data?.tags),
  };
}

/**
 * Dataset inputs as `runs/log-inputs` takes them.
 *
 * @param inputs the datasets
 * @returns the `datasets` field of the request
 */
export function toRestDatasets(inputs: readonly DatasetInput[]): unknown[] {
  return inputs.map((d) => ({
    tags: d.context !== undefined ? [{ key: "mlflow.data.context", value: d.context }] : [],
    dataset: {
      name: d.name,
      digest: d.digest,
      source_type: d.sourceType,
      source: d.source,
      schema: d.schema,
      profile: d.profile,
    },
  }));
}
