/**
 * Where onnxruntime-node looks for its CUDA execution provider and whether it
 * would find a working one: the provider libraries beside
 * `libonnxruntime.so` (which `npm ci` does not fetch: install scripts are
 * off), the CUDA 12 / cuDNN 9 libraries they link against, and the NVIDIA
 * driver. Nothing here loads ONNX Runtime; the checks read files and run
 * `ldd`, `ldconfig -p` and `nvidia-smi` with a short deadline, and report
 * what they could not check (e.g. without the `run` permission) instead of
 * failing.
 *
 * @module
 */

import { existsSync, lstatSync, readlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { readProcFile } from "./_proc_file.ts";

/** The provider files ORT loads from its own folder for `executionProviders: ["cuda"]`. */
export const CUDA_PROVIDER_FILES: readonly string[] = [
  "libonnxruntime_providers_cuda.so",
  "libonnxruntime_providers_shared.so",
];

/**
 * The libraries the CUDA 12 provider links against, with what provides them;
 * checked by name while the provider itself is missing (once it is present,
 * `ldd` on it is the authority).
 */
export const CUDA_RUNTIME_LIBRARIES: Readonly<Record<string, string>> = {
  "libcuda.so.1": "the NVIDIA driver",
  "libcudart.so.12": "the CUDA 12 runtime",
  "libcublas.so.12": "cuBLAS (CUDA 12)",
  "libcublasLt.so.12": "cuBLASLt (CUDA 12)",
  "libcufft.so.11": "cuFFT (CUDA 12)",
  "libcudnn.so.9": "cuDNN 9",
};

/** One provider file in ORT's folder. */
export interface ProviderFile {
  /** File name. */
  name: string;
  /** Whether it exists (a symbolic link counts when its target exists). */
  present: boolean;
  /** Where a symbolic link points, if it is one. */
  linkTarget?: string;
}

/** What the NVIDIA driver says, where it can be asked. */
export interface NvidiaDriver {
  /** Whether the kernel module is loaded (`/proc/driver/nvidia/version` exists). */
  loaded: boolean;
  /** Driver version, e.g. `"550.54.15"` (empty when unknown). */
  version: string;
  /** GPUs as `nvidia-smi` lists them, e.g. `"NVIDIA H100 80GB HBM3, 81559 MiB"`. */
  gpus: string[];
  /** Why `gpus` may be incomplete (nvidia-smi missing, not allowed to run…), else empty. */
  note: string;
}

/** The state of the CUDA provider as {@linkcode inspectCudaProvider} finds it. */
export interface CudaProviderStatus {
  /** Whether onnxruntime-node publishes CUDA binaries for this platform (Linux x64 only). */
  platformSupported: boolean;
  /** `process.platform/process.arch`, e.g. `"linux/x64"`. */
  platform: string;
  /** ORT's native folder, where the provider files must be (empty when onnxruntime-node is missing). */
  nativeDir: string;
  /** The provider files. */
  files: ProviderFile[];
  /** Whether every provider file is present. */
  installed: boolean;
  /** Libraries the provider needs that the dynamic loader cannot find. */
  unresolved: string[];
  /** How `unresolved` was found: `ldd` on the provider, `ldconfig -p` by name, or not at all. */
  checkedWith: "ldd" | "ldconfig" | "none";
  /** The NVIDIA driver. */
  driver: NvidiaDriver;
  /** One line: whether the CUDA provider would work and, if not, what to do. */
  summary: string;
}

/** Options of {@linkcode inspectCudaProvider}. */
export interface InspectCudaProviderOptions {
  /** Look in this folder instead of onnxruntime-node's (tests). @default ORT's native folder */
  nativeDir?: string;
  /**
   * Runs a command and gives its stdout, or `null` when it cannot run (tests
   * inject canned output). @default Deno.Command with a 10 s deadline
   */
  run?: (cmd: string, args: string[]) => Promise<string | null>;
  /** Reads a `/proc` file or gives `null` (tests). @default directly, else through `cat` */
  readText?: (path: string) => Promise<string | null>;
}

/**
 * The folder holding `libonnxruntime.so` of the installed onnxruntime-node,
 * where ORT loads provider libraries from.
 *
 * @returns the folder, or `""` when onnxruntime-node cannot be found
 * @example Usage
 * ```ts
 * import { ortNativeDir } from "@chronos-deno/chronos-deno/runtime";
 * if (!ortNativeDir().includes("onnxruntime-node")) throw new Error();
 * ```
 */
export function ortNativeDir(): string {
  try {
    const req = createRequire(import.meta.url);
    const pkg = dirname(req.resolve("onnxruntime-node/package.json"));
    return join(pkg, "bin", "napi-v6", process.platform, process.arch);
  } catch {
    return "";
  }
}

/**
 * Whether the CUDA provider library is in ORT's folder (what `auto` looks
 * at; whether it starts is checked when a session opens).
 *
 * @returns `true` when `libonnxruntime_providers_cuda.so` (or the Windows DLL) is there
 * @example Usage
 * ```ts
 * import { cudaProviderInstalled } from "@chronos-deno/chronos-deno/runtime";
 * if (typeof cudaProviderInstalled() !== "boolean") throw new Error();
 * ```
 */
export function cudaProviderInstalled(): boolean {
  const dir = ortNativeDir();
  return dir !== "" && (existsSync(join(dir, CUDA_PROVIDER_FILES[0]!)) ||
    existsSync(join(dir, "onnxruntime_providers_cuda.dll")));
}

async function runCommand(cmd: string, args: string[]): Promise<string | null> {
  try {
    const out = await new Deno.Command(cmd, {
      args,
      stdout: "piped",
      stderr: "null",
      stdin: "null",
      signal: AbortSignal.timeout(10_000),
    }).output();
    return out.success ? new TextDecoder().decode(out.stdout) : null;
  } catch {
    return null; // missing, not permitted, or past its deadline
  }
}

function providerFile(dir: string, name: string): ProviderFile {
  const path = join(dir, name);
  const file: ProviderFile = { name, present: dir !== "" && existsSync(path) };
  try {
    if (lstatSync(path).isSymbolicLink()) file.linkTarget = readlinkSync(path);
  } catch {
    // absent
  }
  return file;
}

/**
 * Parses `ldd` output into the libraries it could not find.
 *
 * @param text what `ldd FILE` printed
 * @returns the sonames marked "not found", in order, without repeats
 * @example Usage
 * ```ts
 * import { unresolvedLibraries } from "@chronos-deno/chronos-deno/runtime";
 * import assert from "node:assert/strict";
 * assert.deepEqual(
 *   unresolvedLibraries("\tlibcudnn.so.9 => not found\n\tlibc.so.6 => /lib/libc.so.6 (0x1)\n"),
 *   ["libcudnn.so.9"],
 * );
 * ```
 */
export function unresolvedLibraries(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(\S+)\s*=>\s*not found/gm)) {
    if (!out.includes(m[1]!)) out.push(m[1]!);
  }
  return out;
}

function ldPathHas(name: string): boolean {
  let dirs: string[] = [];
  try {
    dirs = (Deno.env.get("LD_LIBRARY_PATH") ?? "").split(":").filter((d) => d !== "");
  } catch {
    // no env permission: only ldconfig's cache counts
  }
  return dirs.some((d) => existsSync(join(d, name)));
}

async function inspectDriver(
  run: NonNullable<InspectCudaProviderOptions["run"]>,
  readText: NonNullable<InspectCudaProviderOptions["readText"]>,
): Promise<NvidiaDriver> {
  const proc = await readText("/proc/driver/nvidia/version");
  const version = proc?.match(/Kernel Module\s+(?:for \S+\s+)?([0-9][0-9.]+)/)?.[1] ?? "";
  const smi = await run("nvidia-smi", [
    "--query-gpu=name,memory.total,driver_version",
    "--format=csv,noheader",
  ]);
  const gpus = (smi ?? "").split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const fromSmi = gpus[0]?.split(",").at(-1)?.trim() ?? "";
  return {
    loaded: proc !== null,
    version: version || fromSmi,
    gpus: gpus.map((g) => g.split(",").slice(0, 2).map((s) => s.trim()).join(", ")),
    note: smi === null ? "nvidia-smi did not run (missing, not allowed, or failed)" : "",
  };
}

function summarise(s: Omit<CudaProviderStatus, "summary">): string {
  if (!s.platformSupported) {
    return `unavailable: onnxruntime-node has CUDA binaries for linux/x64 only, this is ${s.platform}`;
  }
  if (s.nativeDir === "") return "unavailable: onnxruntime-node is not installed (run npm ci)";
  const need: string[] = [];
  if (!s.installed) need.push("the provider libraries are not installed (run deno task setup-gpu)");
  if (!s.driver.loaded && s.driver.gpus.length === 0) need.push("no NVIDIA driver is loaded");
  if (s.unresolved.length > 0) {
    need.push(
      `the loader cannot find ${s.unresolved.join(", ")} (install CUDA 12 and cuDNN 9, ` +
        "or add their folders to LD_LIBRARY_PATH)",
    );
  }
  if (need.length === 0) {
    return s.checkedWith === "none"
      ? "installed; its libraries were not checked (ldd and ldconfig did not run)"
      : "installed, and every library it links against was found";
  }
  return `unavailable: ${need.join("; ")}`;
}

/**
 * Checks whether ONNX Runtime's CUDA provider could start here, without
 * loading ONNX Runtime: the provider files in ORT's folder, the libraries
 * they need, and the NVIDIA driver.
 *
 * @param options folder and command overrides (tests)
 * @returns the status with a one-line summary
 * @example Usage
 * ```ts
 * import { inspectCudaProvider } from "@chronos-deno/chronos-deno/runtime";
 * const s = await inspectCudaProvider();
 * if (typeof s.installed !== "boolean" || s.summary === "") throw new Error();
 * ```
 */
export async function inspectCudaProvider(
  options: InspectCudaProviderOptions = {},
): Promise<CudaProviderStatus> {
  const run = options.run ?? runCommand;
  const readText = options.readText ?? readProcFile;
  const platform = `${process.platform}/${process.arch}`;
  const nativeDir = options.nativeDir ?? ortNativeDir();
  const files = CUDA_PROVIDER_FILES.map((name) => providerFile(nativeDir, name));
  const installed = files.every((f) => f.present);
  let unresolved: string[] = [];
  let checkedWith: CudaProviderStatus["checkedWith"] = "none";
  if (installed) {
    const ldd = await run("ldd", [join(nativeDir, CUDA_PROVIDER_FILES[0]!)]);
    if (ldd !== null) {
      unresolved = unresolvedLibraries(ldd);
      checkedWith = "ldd";
    }
  }
  if (checkedWith === "none") {
    const cache = await run("ldconfig", ["-p"]);
    if (cache !== null) {
      checkedWith = "ldconfig";
      for (const name of Object.keys(CUDA_RUNTIME_LIBRARIES)) {
        if (!cache.includes(name) && !ldPathHas(name)) unresolved.push(name);
      }
    }
  }
  const driver = await inspectDriver(run, readText);
  const status = {
    platformSupported: platform === "linux/x64",
    platform,
    nativeDir,
    files,
    installed,
    unresolved,
    checkedWith,
    driver,
  };
  return { ...status, summary: summarise(status) };
}
