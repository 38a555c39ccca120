/**
 * Splits what a run logs into `runs/log-batch` requests that respect the
 * server's limits: at most 1000 metrics, 100 params, 100 tags, 1000 entities
 * in all, and 1 MB per request body.
 *
 * @module
 */

/** Limits of one `runs/log-batch` request. */
export interface BatchLimits {
  /** Most metrics. */
  metrics: number;
  /** Most params. */
  params: number;
  /** Most tags. */
  tags: number;
  /** Most entities in all. */
  total: number;
  /** Most bytes of JSON body. */
  bytes: number;
}

/** MLflow's limits of one `runs/log-batch` request. */
export const BATCH_LIMITS: Readonly<BatchLimits> = {
  metrics: 1000,
  params: 100,
  tags: 100,
  total: 1000,
  bytes: 1_000_000,
};

/** A key/value pair as the REST API sends it. */
export interface KeyValue {
  /** Key. */
  key: string;
  /** Value. */
  value: string;
}

/** A metric as the REST API sends it (NaN/±Infinity already as strings). */
export interface RestMetric {
  /** Key. */
  key: string;
  /** Value: a number or "NaN"/"Infinity"/"-Infinity". */
  value: number | string;
  /** Epoch milliseconds. */
  timestamp: number;
  /** Step. */
  step: number;
}

/** One `runs/log-batch` body without `run_id`. */
export interface BatchBody {
  /** Metrics. */
  metrics: RestMetric[];
  /** Params. */
  params: KeyValue[];
  /** Tags. */
  tags: KeyValue[];
}

const encoder = new TextEncoder();

/**
 * Splits params, tags and metrics (in that order, so that a param conflict
 * surfaces before metrics are sent) into batches within `limits`.
 *
 * @param items what to log
 * @param limits the limits @default BATCH_LIMITS
 * @returns the batches, none empty
 */
export function splitBatch(
  items: Partial<BatchBody>,
  limits: Readonly<BatchLimits> = BATCH_LIMITS,
): BatchBody[] {
  const out: BatchBody[] = [];
  // Room for `{"run_id":"<32 hex>","metrics":[],"params":[],"tags":[]}` and separators.
  const overhead = 128;
  let cur: BatchBody = { metrics: [], params: [], tags: [] };
  let bytes = overhead;
  const count = (b: BatchBody) => b.metrics.length + b.params.length + b.tags.length;
  const flush = () => {
    if (count(cur) > 0) out.push(cur);
    cur = { metrics: [], params: [], tags: [] };
    bytes = overhead;
  };
  const add = <K extends keyof BatchBody>(kind: K, item: BatchBody[K][number]) => {
    const size = encoder.encode(JSON.stringify(item)).length + 1;
    if (
      cur[kind].length >= limits[kind] || count(cur) >= limits.total ||
      bytes + size > limits.bytes
    ) flush();
    (cur[kind] as BatchBody[K][number][]).push(item);
    bytes += size;
  };
  for (const p of items.params ?? []) add("params", p);
  for (const t of items.tags ?? []) add("tags", t);
  for (const m of items.metrics ?? []) add("metrics", m);
  flush();
  return out;
}
