/**
 * ONNX Runtime sessions with automatic execution-provider choice, feed validation
 * and typed errors; the CUDA provider's installation (`setupGpu`) and the
 * device report behind `deno task doctor` (`runDoctor`).
 *
 * @module
 */

export { createSession, describeOrtBuild } from "./session.ts";
export type { OrtBuild, RunOptions, Session, SessionOptions, Tensor } from "./session.ts";
export * from "./provider_choice.ts";
export * from "./cpu_info.ts";
export * from "./cuda_provider.ts";
export * from "./setup_gpu.ts";
export * from "./doctor.ts";
export * from "./doctor_text.ts";
export { retainFreedHeapMemory } from "./retain_heap.ts";
