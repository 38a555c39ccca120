/**
 * Gate for GPU tests: `ignore` is true only when no WebGPU adapter exists in
 * this process (or `CHRONOS_GPU_TESTS=0`). On the project's machines Deno
 * finds a software adapter (llvmpipe or lavapipe), so the GPU tests run.
 *
 * ```ts
 * import { ignore } from "../_helpers/gpu.ts";
 * Deno.test({ name: "kernel matches CPU", ignore, fn: async () => {} });
 * ```
 *
 * @module
 */

function envDisabled(): boolean {
  try {
    return Deno.env.get("CHRONOS_GPU_TESTS") === "0";
  } catch {
    return false; // no --allow-env: no override
  }
}

async function noAdapter(): Promise<boolean> {
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (!gpu) return true;
  try {
    return (await gpu.requestAdapter()) === null;
  } catch {
    return true;
  }
}

/** Whether GPU tests are skipped here: no adapter, or `CHRONOS_GPU_TESTS=0`. */
export const ignore: boolean = envDisabled() || await noAdapter();
