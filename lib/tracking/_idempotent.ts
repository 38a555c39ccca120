/**
 * The two MLflow writes that are not safe to repeat blindly, made safe: a
 * `runs/create` whose answer was lost is looked up by the client token tag it
 * carried before it is sent again (so a retry never leaves a second, empty
 * run), and metric points with NaN/±Infinity values, which the SQL store
 * refuses to store twice (a 400 unique-constraint error), are checked against
 * the run's history before a retry and only the missing ones are resent.
 *
 * @module
 */

import { MlflowRequestError } from "../errors.ts";
import type { RestMetric } from "./_batch.ts";
import { parseMetricValue } from "./validation.ts";

/** The tag a client-generated token is stored under at run creation. */
export const CLIENT_TOKEN_TAG = "chronos.client_token";

/** What `runs/create` sends. */
export interface CreateRunRequest {
  /** Experiment id. */
  experimentId: string;
  /** Run name. */
  runName: string;
  /** Start, epoch ms. */
  startTime: number;
  /** User id. */
  userId: string;
  /** Tags. */
  tags: Record<string, string>;
}

/** The part of the client these writes use. */
export interface RetryingClient {
  /** Server URL. */
  readonly baseUrl: string;
  /** Retries after the first try. */
  readonly maxRetries: number;
  /** Sends one request without retrying it. */
  request(
    method: "GET" | "POST",
    endpoint: string,
    options: { json?: unknown; query?: Record<string, string>; idempotent?: boolean },
  ): Promise<unknown>;
  /** Waits before retry number `attempt` (0-based). */
  backoff(attempt: number): Promise<void>;
  /** Searches active runs of experiments with a filter. */
  searchRuns(
    experiments: Record<string, string>,
    filter: string,
  ): Promise<{ runId: string; artifactUri: string }[]>;
}

/** Whether a failure may have happened after the server acted (so a retry could repeat it). */
function retriable(err: unknown): err is MlflowRequestError {
  return err instanceof MlflowRequestError && (err.status === 0 || err.status >= 500);
}

/**
 * Repeats a non-idempotent write until it succeeds or the tries run out,
 * asking `alreadyDone` before each retry whether the lost try took effect.
 *
 * @param client the client
 * @param send one try, without transport retries
 * @param alreadyDone before a retry: the result if the earlier try took effect
 * @returns the write's result
 */
export async function writeOnce<T>(
  client: RetryingClient,
  send: () => Promise<T>,
  alreadyDone: () => Promise<T | undefined>,
): Promise<T> {
  for (let attempt = 0;; attempt++) {
    if (attempt > 0) {
      const done = await alreadyDone().catch((err) => {
        if (retriable(err)) return undefined;
        throw err;
      });
      if (done !== undefined) return done;
    }
    try {
      return await send();
    } catch (err) {
      if (!retriable(err) || attempt >= client.maxRetries) throw err;
      await client.backoff(attempt);
    }
  }
}

/**
 * Creates a run exactly once: the run carries a client token tag, and after
 * a lost answer the experiment is searched for that token before the create
 * is sent again.
 *
 * @param client the client
 * @param o the run to create
 * @returns the run's id and artifact URI
 */
export async function createRunOnce(
  client: RetryingClient,
  o: CreateRunRequest,
): Promise<{ runId: string; artifactUri: string }> {
  const token = o.tags[CLIENT_TOKEN_TAG] ?? crypto.randomUUID().replaceAll("-", "");
  const tags = { ...o.tags, [CLIENT_TOKEN_TAG]: token };
  return await writeOnce(
    client,
    async () => {
      const r = await client.request("POST", "/mlflow/runs/create", {
        json: {
          experiment_id: o.experimentId,
          run_name: o.runName,
          start_time: o.startTime,
          user_id: o.userId,
          tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
        },
        idempotent: false,
      }) as { run: { info: { run_id: string; artifact_uri: string } } };
      return { runId: r.run.info.run_id, artifactUri: r.run.info.artifact_uri };
    },
    async () => {
      const found = await client.searchRuns(
        { [o.experimentId]: "" },
        `tags.\`${CLIENT_TOKEN_TAG}\` = '${token}'`,
      );
      const run = found[0];
      return run ? { runId: run.runId, artifactUri: run.artifactUri } : undefined;
    },
  );
}

/**
 * Sends metric points with non-finite values so that a retry after a lost
 * answer resends only the points the run's history lacks.
 *
 * @param client the client
 * @param runId the run
 * @param metrics the points (values already encoded as MLflow strings)
 */
export async function logNonFinite(
  client: RetryingClient,
  runId: string,
  metrics: RestMetric[],
): Promise<void> {
  let pending = metrics;
  await writeOnce(
    client,
    () =>
      client.request("POST", "/mlflow/runs/log-batch", {
        json: { run_id: runId, metrics: pending },
        idempotent: false,
      }),
    async () => {
      const stored = new Set<string>();
      for (const key of new Set(pending.map((m) => m.key))) {
        const r = await client.request("GET", "/mlflow/metrics/get-history", {
          query: { run_id: runId, metric_key: key, max_results: "25000" },
        }) as { metrics?: { key: string; value: unknown; timestamp: unknown; step: unknown }[] };
        for (const m of r.metrics ?? []) stored.add(pointId(key, m.value, m.timestamp, m.step));
      }
      pending = pending.filter((m) => !stored.has(pointId(m.key, m.value, m.timestamp, m.step)));
      return pending.length === 0 ? {} : undefined;
    },
  );
}

function pointId(key: string, value: unknown, timestamp: unknown, step: unknown): string {
  const v = parseMetricValue(value as number | string);
  return `${key}\u0000${Number(timestamp)}\u0000${Number(step ?? 0)}\u0000${String(v)}`;
}
