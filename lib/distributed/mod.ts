/**
 * Work spread over machines on BullMQ (Redis): a queue, workers that run the
 * project's jobs, origin shards on batch boundaries, and a coordinator that
 * waits for the shards and hands back their results in order.
 *
 * @example Usage
 * ```ts
 * import { planShards } from "@chronos-deno/chronos-deno/distributed";
 * import assert from "node:assert/strict";
 * assert.equal(planShards(5256, { align: 512, shards: 4 }).length, 4);
 * ```
 *
 * @module
 */

export * from "./redis_url.ts";
export * from "./queue.ts";
export * from "./shards.ts";
export * from "./run_jobs.ts";
export * from "./sweep_plan.ts";
export * from "./window_shards.ts";
export * from "./forecaster_shards.ts";
export * from "./distributed_baselines.ts";
