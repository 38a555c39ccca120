/**
 * Training, model-agnostic: the generic trainer loop (`fit`), AdamW with
 * clipping on flat buffers, a seeded generator, the learning-rate schedule
 * and gradient accumulation.
 *
 * @module
 */

export * from "./rng.ts";
export * from "./keep_mask.ts";
export * from "./schedule.ts";
export * from "./accumulation.ts";
export * from "./adam_w.ts";
export * from "./fit.ts";
export * from "./trainer_state.ts";
