/**
 * Which ONNX Runtime execution provider a session gets for a `--device`
 * choice, and why, asked of lib/runtime with a one-node model. The choice
 * depends on the machine (CUDA libraries, a real GPU adapter), not on the
 * model, so a probe tells it before the real model's session exists.
 *
 * @module
 */

import { abs, GraphBuilder, serializeModel } from "../onnx/mod.ts";
import { createSession, type ExecutionProvider } from "../runtime/mod.ts";

/** The provider a session got, and the reason lib/runtime gave. */
export interface ProviderChoice {
  /** "cpu", "cuda" or "webgpu". */
  executionProvider: string;
  /** Why that provider. */
  reason: string;
}

/**
 * Opens (and releases) a one-node ONNX session with the requested provider
 * and reports the provider it got.
 *
 * @param requested "auto", "cpu", "cuda" or "webgpu"
 * @param onWarning told when a provider fails to start and the CPU is used
 * @returns the provider and the reason
 * @example Usage
 * ```ts
 * import { probeExecutionProvider } from "./execution_provider.ts";
 * import { equal } from "node:assert/strict";
 * equal((await probeExecutionProvider("cpu")).executionProvider, "cpu");
 * ```
 */
export async function probeExecutionProvider(
  requested: ExecutionProvider,
  onWarning?: (message: string) => void,
): Promise<ProviderChoice> {
  const b = new GraphBuilder("provider_probe");
  b.output(abs(b, b.input("x", "float32", [1])), "y");
  const session = await createSession(serializeModel(b.build()), {
    executionProvider: requested,
    ...(onWarning ? { onWarning } : {}),
  });
  try {
    return { executionProvider: session.executionProvider, reason: session.providerReason };
  } finally {
    await session.release();
  }
}
