/**
 * Splitting a list of forecast origins into shards (one job each) whose
 * boundaries fall on model-batch boundaries, so that every model call a shard
 * makes is the very call the single-machine run makes: same windows, same
 * batch, same numbers to the last digit.
 *
 * @module
 */

/** One shard: origins `[start, end)` of the planned list. */
export interface ShardRange {
  /** Shard index, 0-based. */
  index: number;
  /** First origin index (inclusive). */
  start: number;
  /** Last origin index (exclusive). */
  end: number;
}

/** Options of {@linkcode planShards}. */
export interface PlanShardsOptions {
  /** Origins per model call: shard sizes are multiples of it. @default {1} */
  align?: number;
  /** Shards wanted (the result may have fewer when there are few origins). @default {8} */
  shards?: number;
}

/**
 * Cuts `count` origins into at most `shards` contiguous shards of whole
 * batches (`align` origins each, the last batch may be partial).
 *
 * @param count number of origins
 * @param options alignment and shard count
 * @returns the shards in order, covering `[0, count)` exactly once
 * @throws {RangeError} when a count is not a non-negative integer or `align`/`shards` is below 1
 * @example Usage
 * ```ts
 * import { planShards } from "@chronos-deno/chronos-deno/distributed";
 * import assert from "node:assert/strict";
 * assert.deepEqual(planShards(10, { align: 3, shards: 2 }), [
 *   { index: 0, start: 0, end: 6 },
 *   { index: 1, start: 6, end: 10 },
 * ]);
 * ```
 */
export function planShards(count: number, options: PlanShardsOptions = {}): ShardRange[] {
  const align = options.align ?? 1;
  const wanted = options.shards ?? 8;
  for (
    const [name, v, min] of [["count", count, 0], ["align", align, 1], [
      "shards",
      wanted,
      1,
    ]] as const
  ) {
    if (!Number.isInteger(v) || v < min) {
      throw new RangeError(`Cannot plan shards: ${name} must be an integer ≥ ${min}, got ${v}`);
    }
  }
  const batches = Math.ceil(count / align);
  const n = Math.min(wanted, batches);
  const out: ShardRange[] = [];
  for (let i = 0; i < n; i++) {
    const b0 = Math.floor((i * batches) / n);
    const b1 = Math.floor(((i + 1) * batches) / n);
    out.push({ index: i, start: b0 * align, end: Math.min(count, b1 * align) });
  }
  return out;
}
