/**
 * ONNX Runtime sessions with automatic execution-provider choice, feed validation
 * and typed errors.
 *
 * @module
 */

export { createSession } from "./session.ts";
export type { ExecutionProvider, RunOptions, Session, SessionOptions, Tensor } from "./session.ts";
export { retainFreedHeapMemory } from "./retain_heap.ts";
