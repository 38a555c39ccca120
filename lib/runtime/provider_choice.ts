/**
 * Which ONNX Runtime execution provider a session asks for, and why: the
 * caller's choice, or for `auto` CUDA when its provider libraries are
 * installed, then WebGPU on a hardware adapter, else the CPU. A provider that
 * then fails to start falls back to the CPU in `createSession`.
 *
 * @module
 */

import { describeGpu } from "../gpu/device.ts";
import { cudaProviderInstalled } from "./cuda_provider.ts";

/** Execution provider names. */
export type ExecutionProvider = "auto" | "cpu" | "cuda" | "webgpu";

/** A provider choice and its reason. */
export interface ProviderChoice {
  /** The provider to ask ONNX Runtime for. */
  ep: "cpu" | "cuda" | "webgpu";
  /** Why, in one line. */
  reason: string;
}

async function realGpuAdapter(): Promise<{ ok: boolean; why: string }> {
  try {
    const adapter = await describeGpu();
    if (!adapter) return { ok: false, why: "no WebGPU adapter was found" };
    if (adapter.isFallbackAdapter) {
      return { ok: false, why: "the only WebGPU adapter is a software fallback" };
    }
    return { ok: true, why: `a hardware WebGPU adapter was found ("${adapter.description}")` };
  } catch (e) {
    return { ok: false, why: `requesting a WebGPU adapter failed: ${(e as Error).message}` };
  }
}

/**
 * Chooses the execution provider for a session.
 *
 * @param backends the providers the ONNX Runtime build knows (`listSupportedBackends` names)
 * @param wanted the caller's choice
 * @returns the provider and why
 * @example Usage
 * ```ts
 * import { chooseExecutionProvider } from "@chronos-deno/chronos-deno/runtime";
 * import assert from "node:assert/strict";
 * assert.equal((await chooseExecutionProvider(["cpu"], "auto")).ep, "cpu");
 * assert.equal((await chooseExecutionProvider(["cpu"], "cuda")).reason, "requested by the caller");
 * ```
 */
export async function chooseExecutionProvider(
  backends: readonly string[],
  wanted: ExecutionProvider,
): Promise<ProviderChoice> {
  if (wanted !== "auto") return { ep: wanted, reason: `requested by the caller` };
  if (backends.includes("cuda") && cudaProviderInstalled()) {
    return { ep: "cuda", reason: "auto: the CUDA provider libraries are installed" };
  }
  let why = "the CUDA provider libraries are not installed";
  if (backends.includes("webgpu")) {
    const gpu = await realGpuAdapter();
    if (gpu.ok) return { ep: "webgpu", reason: `auto: ${gpu.why}; ${why}` };
    why += `; ${gpu.why}`;
  } else why += "; this onnxruntime-node build has no WebGPU provider";
  return { ep: "cpu", reason: `auto: ${why}` };
}
