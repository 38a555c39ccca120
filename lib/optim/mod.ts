/**
 * Optimisation helpers shared by training loops: a seeded generator, the
 * learning-rate schedule and gradient accumulation.
 *
 * @module
 */

export * from "./rng.ts";
export * from "./schedule.ts";
export * from "./accumulation.ts";
