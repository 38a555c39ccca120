/**
 * The run records of the fake MLflow server and how it writes them, as the
 * real server with its SQL store behaves (shared/docs/mlflow.md): params are
 * immutable, tags overwrite, metrics append (a repeated finite point is
 * stored once, a repeated NaN point is a 400 unique-constraint error), and
 * dataset inputs are recorded once per dataset and run.
 *
 * @module
 */

/** One run as the fake keeps it. */
export interface FakeRun {
  info: {
    "run_id": string;
    "run_uuid": string;
    "run_name": string;
    "experiment_id": string;
    "user_id": string;
    status: string;
    "start_time": number;
    "end_time"?: number;
    "artifact_uri": string;
    "lifecycle_stage": string;
  };
  params: Map<string, string>;
  tags: Map<string, string>;
  metrics: { key: string; value: number; timestamp: number; step: number }[];
  /** `runs/log-inputs` entries as received (tags + dataset). */
  inputs: { tags: { key: string; value: string }[]; dataset: Record<string, string> }[];
}

/** A rejected request: HTTP status, MLflow error code, message. */
export class FakeHttpError extends Error {
  /**
   * @param status HTTP status
   * @param code MLflow error code
   * @param message the message
   */
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

type Body = Record<string, unknown>;
type Problem = (msg: string) => never;

const KEY = /^[\p{L}\p{M}\p{N}_\-. :/]+$/u;

/**
 * Checks a key as the server does.
 *
 * @param key the key
 * @param problem records a violation and rejects the request
 */
export function checkKey(key: unknown, problem: Problem): void {
  if (typeof key !== "string" || !KEY.test(key) || key.length > 250 || key.includes("..")) {
    problem(`invalid key "${String(key)}"`);
  }
}

function encode(v: number): number | string {
  return Number.isFinite(v) ? v : Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
}

/**
 * A run as `runs/get` and `runs/search` return it.
 *
 * @param run the run
 * @returns the REST view
 */
export function viewRun(run: FakeRun): unknown {
  const latest = new Map<string, FakeRun["metrics"][number]>();
  for (const m of run.metrics) {
    const old = latest.get(m.key);
    if (!old || m.step > old.step || (m.step === old.step && m.timestamp >= old.timestamp)) {
      latest.set(m.key, m);
    }
  }
  const kv = (m: Map<string, string>) => [...m].map(([key, value]) => ({ key, value }));
  return {
    info: run.info,
    data: {
      metrics: [...latest.values()].map((m) => ({ ...m, value: encode(m.value) })),
      params: kv(run.params),
      tags: kv(run.tags),
    },
    inputs: { dataset_inputs: run.inputs },
  };
}

/**
 * A metric's history as `metrics/get-history` returns it.
 *
 * @param run the run
 * @param key the metric
 * @returns the answer
 */
export function metricHistory(run: FakeRun, key: string): unknown {
  return {
    metrics: run.metrics.filter((m) => m.key === key).map((m) => ({
      ...m,
      value: encode(m.value),
    })),
  };
}

/**
 * Applies a `runs/log-batch` body to a run.
 *
 * @param run the run
 * @param b the body
 * @param bytes the body's size
 * @param problem records a violation and rejects the request
 */
export function applyLogBatch(run: FakeRun, b: Body, bytes: number, problem: Problem): void {
  const metrics = (b.metrics ?? []) as Record<string, unknown>[];
  const params = (b.params ?? []) as Record<string, unknown>[];
  const tags = (b.tags ?? []) as Record<string, unknown>[];
  if (metrics.length > 1000 || params.length > 100 || tags.length > 100) {
    problem(`log-batch over a limit: ${metrics.length}/${params.length}/${tags.length}`);
  }
  if (metrics.length + params.length + tags.length > 1000) problem("log-batch over 1000");
  if (bytes > 1_000_000) problem(`log-batch body of ${bytes} bytes`);
  for (const p of params) {
    checkKey(p.key, problem);
    if (typeof p.value !== "string") problem(`param "${p.key}" value is not a string`);
    const old = run.params.get(p.key as string);
    if (old !== undefined && old !== p.value) {
      throw new FakeHttpError(400, "INVALID_PARAMETER_VALUE", `Changing param "${p.key}"`);
    }
  }
  const points: FakeRun["metrics"] = [];
  for (const m of metrics) {
    checkKey(m.key, problem);
    const v = m.value;
    const value = typeof v === "number"
      ? v
      : v === "NaN"
      ? NaN
      : v === "Infinity"
      ? Infinity
      : v === "-Infinity"
      ? -Infinity
      : problem(`metric "${m.key}" value ${JSON.stringify(v)}`);
    if (!Number.isSafeInteger(m.timestamp) || !Number.isSafeInteger(m.step)) {
      problem(`metric "${m.key}" timestamp/step not integers`);
    }
    const point = {
      key: m.key as string,
      value,
      timestamp: m.timestamp as number,
      step: m.step as number,
    };
    const same = run.metrics.find((x) =>
      x.key === point.key && x.timestamp === point.timestamp && x.step === point.step &&
      Object.is(x.value, point.value)
    );
    if (same && Number.isNaN(value)) {
      // What the SQL store answers when a NaN point is inserted twice.
      throw new FakeHttpError(
        400,
        "INVALID_PARAMETER_VALUE",
        `UNIQUE constraint failed: metrics.key, metrics.timestamp, metrics.step, metrics.run_uuid, metrics.value, metrics.is_nan (${point.key})`,
      );
    }
    if (!same) points.push(point);
  }
  for (const t of tags) {
    checkKey(t.key, problem);
    if (typeof t.value !== "string") problem(`tag "${t.key}" value is not a string`);
  }
  for (const p of params) run.params.set(p.key as string, p.value as string);
  for (const t of tags) run.tags.set(t.key as string, t.value as string);
  run.metrics.push(...points);
}

/**
 * Applies a `runs/log-inputs` body: each dataset needs name, digest,
 * source_type and source (strings), schema and profile JSON text when
 * present; one already recorded for the run is not added again.
 *
 * @param run the run
 * @param b the body
 * @param problem records a violation and rejects the request
 */
export function applyLogInputs(run: FakeRun, b: Body, problem: Problem): void {
  const datasets = b.datasets;
  if (!Array.isArray(datasets)) problem("log-inputs without datasets");
  for (const entry of datasets as { tags?: unknown; dataset?: Record<string, unknown> }[]) {
    const d = entry.dataset ?? problem("log-inputs entry without a dataset");
    for (const k of ["name", "digest", "source_type", "source"]) {
      if (typeof d[k] !== "string" || d[k] === "") problem(`log-inputs dataset without ${k}`);
    }
    for (const k of ["source", "schema", "profile"]) {
      if (d[k] === undefined) continue;
      if (typeof d[k] !== "string") problem(`log-inputs dataset ${k} is not JSON text`);
      try {
        JSON.parse(d[k] as string);
      } catch {
        problem(`log-inputs dataset ${k} is not JSON`);
      }
    }
    const tags = (entry.tags ?? []) as { key: string; value: string }[];
    for (const t of tags) checkKey(t.key, problem);
    const dup = run.inputs.some((x) => x.dataset.name === d.name && x.dataset.digest === d.digest);
    if (!dup) run.inputs.push({ tags, dataset: d as Record<string, string> });
  }
}
