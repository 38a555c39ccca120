/**
 * Installs ONNX Runtime's CUDA execution provider into onnxruntime-node and
 * checks that a CUDA session starts (`deno task setup-gpu`). `npm ci` runs no
 * install scripts here (`.npmrc`: ignore-scripts), so onnxruntime-node's own
 * installer, which fetches the CUDA 12 provider libraries from its NuGet
 * package (Microsoft.ML.OnnxRuntime.Gpu.Linux, same version) into ORT's
 * native folder, never ran. This module either runs that installer (after
 * checking within seconds that api.nuget.org answers) or copies provider
 * libraries that are already on the machine (`from`, e.g. an unzipped
 * `.nupkg`'s `runtimes/linux-x64/native`), then checks the libraries they
 * need and opens a one-node model on the CUDA provider (not under `force`
 * without a driver, where no session could start). Every failure is a
 * {@linkcode GpuUnavailableError} that says what is missing and what to do.
 *
 * @module
 */

import { copyFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { GpuUnavailableError } from "../errors.ts";
import { GraphBuilder } from "../onnx/builder.ts";
import { relu } from "../onnx/ops/mod.ts";
import { serializeModel } from "../onnx/serialize.ts";
import { httpRequest } from "../net/http.ts";
import { createSession } from "./session.ts";
import {
  CUDA_PROVIDER_FILES,
  type CudaProviderStatus,
  inspectCudaProvider,
  type InspectCudaProviderOptions,
} from "./cuda_provider.ts";

/** Where ORT's installer looks for the provider package. */
export const NUGET_INDEX = "https://api.nuget.org/v3/index.json";

/** Options of {@linkcode setupGpu}. */
export interface SetupGpuOptions {
  /**
   * A folder holding the provider libraries (`libonnxruntime_providers_cuda.so`
   * and `libonnxruntime_providers_shared.so`, of the same ORT version) to
   * copy into ORT's folder instead of downloading them. Unset: download.
   */
  from?: string;
  /** Go on without a visible NVIDIA driver (e.g. while building an image). @default false */
  force?: boolean;
  /** Open a CUDA session at the end to prove the provider starts. @default true */
  verify?: boolean;
  /** Deadline of the download in milliseconds. @default 1_200_000 */
  timeoutMs?: number;
  /** How long api.nuget.org may take to answer before giving up. @default 10_000 */
  probeTimeoutMs?: number;
  /** Stops the download (Ctrl-C). */
  signal?: AbortSignal;
  /** Receives progress lines (the installer's output too). */
  onProgress?: (line: string) => void;
  /** Overrides for the inspection (tests). */
  inspect?: InspectCudaProviderOptions;
}

/** What {@linkcode setupGpu} did. */
export interface SetupGpuResult {
  /** How the provider files got there. */
  action: "already installed" | "copied" | "downloaded";
  /** The provider's state after the step. */
  status: CudaProviderStatus;
  /** The provider a one-node session ran on and why (absent when `verify` was off or no driver is loaded). */
  verified?: { executionProvider: string; reason: string };
}

function fail(what: string, todo: string, cause?: unknown): GpuUnavailableError {
  return new GpuUnavailableError(
    `Cannot set up the CUDA provider: ${what}; ${todo}`,
    cause === undefined ? undefined : { cause },
  );
}

function providerSource(from: string): string {
  const nested = join(from, "runtimes", "linux-x64", "native");
  const dir = existsSync(join(nested, CUDA_PROVIDER_FILES[0]!)) ? nested : from;
  const missing = CUDA_PROVIDER_FILES.filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0) {
    throw fail(
      `"${from}" has no ${missing.join(" or ")}`,
      "give the folder that holds both (an unzipped Microsoft.ML.OnnxRuntime.Gpu.Linux " +
        "package's runtimes/linux-x64/native, or onnxruntime-gpu's capi folder)",
    );
  }
  return resolve(dir);
}

function copyFrom(dir: string, nativeDir: string): void {
  for (const name of CUDA_PROVIDER_FILES) {
    const target = join(nativeDir, name);
    try {
      rmSync(target, { force: true });
      // a copy, as ORT's installer makes: a symbolic link would need unscoped write permission
      copyFileSync(join(dir, name), target);
    } catch (err) {
      throw fail(
        `"${name}" cannot be copied into "${nativeDir}" (${(err as Error).message})`,
        "check that the folder is writable",
        err,
      );
    }
  }
}

function ortPackage(nativeDir: string): { dir: string; version: string } {
  const dir = dirname(dirname(dirname(dirname(nativeDir))));
  try {
    return { dir, version: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version };
  } catch {
    return { dir, version: "" };
  }
}

async function probeNuget(version: string, options: SetupGpuOptions): Promise<void> {
  const ms = options.probeTimeoutMs ?? 10_000;
  try {
    const res = await httpRequest(NUGET_INDEX, {
      method: "HEAD",
      timeoutMs: ms,
      deadlineMs: ms,
      retries: 0,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    await res.body?.cancel();
  } catch (err) {
    throw fail(
      `${NUGET_INDEX} cannot be reached (${(err as Error).message})`,
      `download the Microsoft.ML.OnnxRuntime.Gpu.Linux ${version} .nupkg elsewhere, ` +
        "unzip it and run deno task setup-gpu --from THAT_FOLDER/runtimes/linux-x64/native",
      err,
    );
  }
}

async function runInstaller(nativeDir: string, options: SetupGpuOptions): Promise<void> {
  const { dir: pkg, version } = ortPackage(nativeDir);
  const script = join(pkg, "script", "install.js");
  if (!existsSync(script)) {
    throw fail(`onnxruntime-node has no installer at "${script}"`, "reinstall it with npm ci");
  }
  options.onProgress?.(`Running onnxruntime-node ${version}'s installer for the CUDA 12 provider`);
  const deadline = AbortSignal.timeout(options.timeoutMs ?? 1_200_000);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command("node", {
      args: [script],
      cwd: pkg,
      env: { ONNXRUNTIME_NODE_INSTALL: "cuda12" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal,
    }).output();
  } catch (err) {
    throw fail(
      "node could not be started to run onnxruntime-node's installer",
      "install Node.js",
      err,
    );
  }
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  for (const line of text.split("\n")) if (line.trim() !== "") options.onProgress?.(line);
  if (!out.success) {
    const last = text.trim().split("\n").slice(-3).join(" / ");
    const why = deadline.aborted
      ? `the download took longer than ${Math.round((options.timeoutMs ?? 1_200_000) / 1000)} s`
      : options.signal?.aborted
      ? "it was cancelled"
      : `it exited with code ${out.code}: ${last}`;
    throw fail(`onnxruntime-node's installer failed: ${why}`, "run deno task setup-gpu again");
  }
}

async function verifyCuda(): Promise<{ executionProvider: string; reason: string }> {
  const b = new GraphBuilder();
  b.output(relu(b, b.input("x", "float32", [2])), "y");
  const session = await createSession(serializeModel(b.build()), { executionProvider: "cuda" });
  try {
    const out = await session.run({
      x: { dtype: "float32", dims: [2], data: new Float32Array([-1, 2]) },
    });
    const y = out.y!.data as Float32Array;
    if (y[0] !== 0 || y[1] !== 2) {
      throw fail(
        `a CUDA session computed Relu([-1, 2]) = [${y}]`,
        "report this with deno task doctor",
      );
    }
    return { executionProvider: session.executionProvider, reason: session.providerReason };
  } finally {
    await session.release();
  }
}

/**
 * Installs (or copies in) ONNX Runtime's CUDA provider and proves it starts.
 *
 * @param options where the libraries come from, deadlines, progress
 * @returns what was done, the provider's state and the verification
 * @throws {GpuUnavailableError} when this platform has no CUDA build, no
 *   NVIDIA driver is loaded (without `force`), the download cannot be
 *   reached or fails, a needed library is missing, or the CUDA session does
 *   not start
 * @example Usage
 * ```ts
 * import { setupGpu } from "@chronos-deno/chronos-deno/runtime";
 * import assert from "node:assert/strict";
 * // no driver here, or no such folder: either way a clear GpuUnavailableError
 * await assert.rejects(setupGpu({ from: "/no/such/folder" }), { name: "GpuUnavailableError" });
 * ```
 */
export async function setupGpu(options: SetupGpuOptions = {}): Promise<SetupGpuResult> {
  const before = await inspectCudaProvider(options.inspect);
  if (!before.platformSupported) {
    throw fail(
      `onnxruntime-node publishes CUDA binaries for linux/x64 only, this is ${before.platform}`,
      "use --device webgpu or cpu",
    );
  }
  if (before.nativeDir === "") throw fail("onnxruntime-node is not installed", "run npm ci");
  const noDriver = !before.driver.loaded && before.driver.gpus.length === 0;
  if (!options.force && noDriver) {
    throw fail(
      "no NVIDIA driver is loaded (/proc/driver/nvidia/version is missing and nvidia-smi lists no GPU)",
      "run this on a machine with an NVIDIA GPU and its driver, or pass --force to install " +
        "the provider files anyway",
    );
  }
  let action: SetupGpuResult["action"] = "already installed";
  if (options.from !== undefined) {
    copyFrom(providerSource(options.from), before.nativeDir);
    action = "copied";
  } else if (!before.installed) {
    await probeNuget(ortPackage(before.nativeDir).version, options);
    await runInstaller(before.nativeDir, options);
    action = "downloaded";
  }
  const status = await inspectCudaProvider(options.inspect);
  if (!status.installed) {
    throw fail(
      `the provider files are still missing from "${status.nativeDir}"`,
      "run deno task setup-gpu again, or give --from a folder that holds them",
    );
  }
  options.onProgress?.(`CUDA provider ${action} in ${status.nativeDir}`);
  // without a driver (an image build under force) libcuda.so.1 comes with the driver later
  const unresolved = status.unresolved.filter((l) => !(noDriver && l === "libcuda.so.1"));
  if (unresolved.length > 0) {
    throw fail(
      `the loader cannot find ${unresolved.join(", ")}`,
      "install CUDA 12 and cuDNN 9 (or add their lib folders to LD_LIBRARY_PATH) and run again",
    );
  }
  if (options.verify === false) return { action, status };
  if (noDriver) {
    options.onProgress?.("No NVIDIA driver here (--force): the CUDA session was not tried");
    return { action, status };
  }
  const verified = await verifyCuda();
  if (verified.executionProvider !== "cuda") {
    throw fail(`a CUDA session did not start (${verified.reason})`, "see deno task doctor");
  }
  return { action, status, verified };
}
