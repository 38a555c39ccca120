/**
 * What each device path would use here, and why (`deno task doctor`): the
 * ONNX Runtime build and its execution providers, the CUDA provider's state
 * ({@linkcode inspectCudaProvider}), the WebGPU adapter (lib/gpu's
 * `describeGpu`), what `--device auto` picks for the model (a one-node
 * session opened through `createSession`, the same choice every task makes)
 * and for each WGSL kernel (lib/gpu's `chooseKernelPath`), the CPU and its
 * features ({@linkcode readCpuInfo}), threads and memory. Nothing is decided
 * twice: the report asks the code that decides.
 *
 * @module
 */

import { release } from "node:os";
import { GraphBuilder } from "../onnx/builder.ts";
import { relu } from "../onnx/ops/mod.ts";
import { serializeModel } from "../onnx/serialize.ts";
import {
  type AdapterDescription,
  describeGpu,
  formatAdapter,
  releaseGpuContext,
} from "../gpu/device.ts";
import { chooseKernelPath, type KernelName, type KernelPathName } from "../gpu/select.ts";
import { type CpuInfo, readCpuInfo } from "./cpu_info.ts";
import { type CudaProviderStatus, inspectCudaProvider } from "./cuda_provider.ts";
import type { ExecutionProvider } from "./provider_choice.ts";
import { createSession, describeOrtBuild, type OrtBuild } from "./session.ts";

/** One kernel's `--device auto` decision at one work size. */
export interface KernelChoiceReport {
  /** The kernel. */
  kernel: KernelName;
  /** Bytes moved by the call the decision is for. */
  workBytes: number;
  /** The path auto picks. */
  path: KernelPathName;
  /** Why. */
  reason: string;
}

/** Everything {@linkcode runDoctor} found; every section is always present. */
export interface DoctorReport {
  /** Versions and platform. */
  versions: { deno: string; v8: string; typescript: string; onnxRuntime: string; os: string };
  /** The CPU and its features. */
  cpu: CpuInfo;
  /** Threads: what the machine has and what ONNX Runtime uses by default. */
  threads: {
    logicalCpus: number;
    physicalCores: number;
    /** ORT's intra-op threads when a task leaves `intraOpThreads` at 0: one per physical core. */
    ortDefaultIntraOp: number;
  };
  /** Memory in bytes. */
  memory: { totalBytes: number; availableBytes: number };
  /**
   * ONNX Runtime's execution providers and whether each starts here: CUDA
   * (when installed) and WebGPU are tried with a one-node session.
   */
  onnxRuntime: {
    version: string;
    providers: { name: string; bundled: boolean; usable: boolean; why: string }[];
  };
  /** The CUDA provider. */
  cuda: CudaProviderStatus;
  /** The WebGPU adapter (`null` when there is none) and a one-line summary. */
  webgpu: { adapter: AdapterDescription | null; summary: string };
  /** What `--device auto` picks. */
  auto: {
    /** For the model: the provider a session opened with `auto` really runs on. */
    model: { executionProvider: string; reason: string };
    /** For the WGSL kernels, at a small and a large call. */
    kernels: KernelChoiceReport[];
  };
}

/** Options of {@linkcode runDoctor}. */
export interface DoctorOptions {
  /**
   * Work sizes in bytes at which the kernel choice is reported.
   * @default {[262144, 67108864]}
   */
  kernelWorkBytes?: number[];
}

const KERNELS: readonly KernelName[] = ["window_gather", "metric_reduce", "adam_w"];

function memory(): DoctorReport["memory"] {
  try {
    const m = Deno.systemMemoryInfo();
    return { totalBytes: m.total, availableBytes: m.available };
  } catch {
    return { totalBytes: 0, availableBytes: 0 }; // no sys permission
  }
}

async function webgpu(): Promise<DoctorReport["webgpu"]> {
  try {
    const adapter = await describeGpu();
    if (!adapter) return { adapter, summary: "no WebGPU adapter in this process" };
    const kind = adapter.isFallbackAdapter
      ? "a software (CPU) fallback adapter: auto keeps the kernels and the model on the CPU"
      : "a hardware adapter";
    return { adapter, summary: `${formatAdapter(adapter)}: ${kind}` };
  } catch (err) {
    return { adapter: null, summary: `requesting an adapter failed: ${(err as Error).message}` };
  }
}

function oneNodeModel(): Uint8Array {
  const b = new GraphBuilder();
  b.output(relu(b, b.input("x", "float32", [1])), "y");
  return serializeModel(b.build());
}

/** Opens a one-node session on `ep`: where it really ran, and ORT's reason when it fell back. */
async function probe(ep: ExecutionProvider): Promise<{ used: string; reason: string }> {
  const session = await createSession(oneNodeModel(), { executionProvider: ep });
  await session.release();
  return { used: session.executionProvider, reason: session.providerReason.replace(/\s+/g, " ") };
}

async function providers(
  build: OrtBuild,
  cuda: CudaProviderStatus,
): Promise<DoctorReport["onnxRuntime"]["providers"]> {
  const out: DoctorReport["onnxRuntime"]["providers"] = [];
  for (const { name, bundled } of build.backends) {
    if (name === "cpu") {
      out.push({ name, bundled, usable: true, why: "always available" });
    } else if ((name === "cuda" && cuda.installed) || name === "webgpu") {
      // ORT's WebGPU provider has its own Dawn stack: only a session tells whether it starts
      const p = await probe(name);
      const usable = p.used === name;
      out.push({ name, bundled, usable, why: usable ? "a one-node session started" : p.reason });
    } else if (name === "cuda") {
      out.push({ name, bundled, usable: false, why: cuda.summary });
    } else out.push({ name, bundled, usable: false, why: "not used by this project" });
  }
  return out;
}

async function autoModel(): Promise<DoctorReport["auto"]["model"]> {
  const p = await probe("auto");
  return { executionProvider: p.used, reason: p.reason };
}

async function autoKernels(sizes: number[]): Promise<KernelChoiceReport[]> {
  const out: KernelChoiceReport[] = [];
  for (const kernel of KERNELS) {
    for (const workBytes of sizes) {
      const c = await chooseKernelPath("auto", workBytes, { kernel });
      out.push({ kernel, workBytes, path: c.path, reason: c.reason });
    }
  }
  return out;
}

/**
 * Looks at this machine's device paths and reports what each would use, and
 * why. Opens one-node ONNX Runtime sessions (on what `auto` picks, on WebGPU,
 * and on CUDA when installed) and, on a hardware WebGPU adapter, measures its
 * round trip once; releases them all.
 *
 * @param options the kernel work sizes to report
 * @returns the report (every section present, whatever is missing)
 * @example Usage
 * ```ts
 * import { runDoctor } from "@chronos-deno/chronos-deno/runtime";
 * const r = await runDoctor();
 * if (!r.onnxRuntime.providers.some((p) => p.name === "cpu" && p.usable)) throw new Error();
 * ```
 */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const cpu = await readCpuInfo();
  const build = await describeOrtBuild();
  const cuda = await inspectCudaProvider();
  try {
    const gpu = await webgpu();
    const model = await autoModel();
    const kernels = await autoKernels(options.kernelWorkBytes ?? [1 << 18, 1 << 26]);
    return {
      versions: {
        deno: Deno.version.deno,
        v8: Deno.version.v8,
        typescript: Deno.version.typescript,
        onnxRuntime: build.version,
        os: `${Deno.build.os} ${safeRelease()} ${Deno.build.arch}`,
      },
      cpu,
      threads: {
        logicalCpus: cpu.logicalCpus,
        physicalCores: cpu.physicalCores,
        ortDefaultIntraOp: cpu.physicalCores,
      },
      memory: memory(),
      onnxRuntime: { version: build.version, providers: await providers(build, cuda) },
      cuda,
      webgpu: gpu,
      auto: { model, kernels },
    };
  } finally {
    await releaseGpuContext();
  }
}

function safeRelease(): string {
  try {
    return release();
  } catch {
    return "";
  }
}
