/**
 * What the CPU offers ONNX Runtime's kernels: model, logical and physical
 * cores, and the instruction-set features its matrix products dispatch on
 * (AVX2, AVX-512 F/BW, VNNI, AVX512_BF16, AMX), read from `/proc/cpuinfo`
 * on Linux and from `os.cpus()` elsewhere (no features there).
 *
 * @module
 */

import { cpus } from "node:os";
import { readProcFile } from "./_proc_file.ts";

/** The instruction-set features that matter to ONNX Runtime's CPU kernels. */
export interface CpuFeatures {
  /** AVX2 (the baseline of the fast fp32 kernels). */
  avx2: boolean;
  /** FMA3. */
  fma: boolean;
  /** AVX-512 Foundation. */
  avx512f: boolean;
  /** AVX-512 Byte and Word (needed by the AVX-512 int8 kernels). */
  avx512bw: boolean;
  /** AVX-512 VNNI (int8 dot products on 512-bit registers). */
  avx512vnni: boolean;
  /** AVX-VNNI (int8 dot products on 256-bit registers). */
  avxVnni: boolean;
  /** AVX512_BF16 (bfloat16 dot products). */
  avx512bf16: boolean;
  /** AMX tiles. */
  amxTile: boolean;
  /** AMX int8 tile products. */
  amxInt8: boolean;
  /** AMX bfloat16 tile products. */
  amxBf16: boolean;
  /** Arm NEON / ASIMD. */
  neon: boolean;
}

/** The CPU as {@linkcode parseCpuInfo} and {@linkcode readCpuInfo} describe it. */
export interface CpuInfo {
  /** Model name, e.g. `"Intel(R) Xeon(R) Processor"`. */
  model: string;
  /** Vendor id, e.g. `"GenuineIntel"`, `"AuthenticAMD"` (empty when unknown). */
  vendor: string;
  /** Logical processors (hardware threads). */
  logicalCpus: number;
  /** Physical cores: distinct (socket, core) pairs; the logical count when unknown. */
  physicalCores: number;
  /** Sockets (distinct physical ids; 1 when unknown). */
  sockets: number;
  /** The features, all `false` when the flags are unknown. */
  features: CpuFeatures;
  /** The widest int8 dot-product instructions present, best first. */
  int8Instructions: "amx" | "avx512-vnni" | "avx-vnni" | "avx2" | "neon" | "none";
  /** Where the description came from. */
  source: "/proc/cpuinfo" | "os.cpus()";
}

const FLAG_OF: Record<keyof CpuFeatures, string[]> = {
  avx2: ["avx2"],
  fma: ["fma"],
  avx512f: ["avx512f"],
  avx512bw: ["avx512bw"],
  avx512vnni: ["avx512_vnni", "avx512vnni"],
  avxVnni: ["avx_vnni"],
  avx512bf16: ["avx512_bf16"],
  amxTile: ["amx_tile"],
  amxInt8: ["amx_int8"],
  amxBf16: ["amx_bf16"],
  neon: ["asimd", "neon"],
};

function features(flags: ReadonlySet<string>): CpuFeatures {
  const out = {} as CpuFeatures;
  for (const [key, names] of Object.entries(FLAG_OF)) {
    out[key as keyof CpuFeatures] = names.some((n) => flags.has(n));
  }
  return out;
}

function int8Instructions(f: CpuFeatures): CpuInfo["int8Instructions"] {
  if (f.amxTile && f.amxInt8) return "amx";
  if (f.avx512vnni && f.avx512bw) return "avx512-vnni";
  if (f.avxVnni) return "avx-vnni";
  if (f.avx2) return "avx2";
  return f.neon ? "neon" : "none";
}

/**
 * Parses the text of `/proc/cpuinfo` (x86 `flags` or Arm `Features` lines).
 *
 * @param text the file's text
 * @returns the description, with `source: "/proc/cpuinfo"`
 * @throws {SyntaxError} when the text has no `processor` record
 * @example Usage
 * ```ts
 * import { parseCpuInfo } from "@chronos-deno/chronos-deno/runtime";
 * import assert from "node:assert/strict";
 * const info = parseCpuInfo(
 *   "processor\t: 0\nmodel name\t: Test CPU\nphysical id\t: 0\ncore id\t: 0\n" +
 *     "flags\t\t: fpu avx2 avx512f avx512bw avx512_vnni\n",
 * );
 * assert.equal(info.features.avx512vnni, true);
 * assert.equal(info.int8Instructions, "avx512-vnni");
 * ```
 */
export function parseCpuInfo(text: string): CpuInfo {
  const records = text.split(/\n\s*\n/).map((block) => {
    const r = new Map<string, string>();
    for (const line of block.split("\n")) {
      const i = line.indexOf(":");
      if (i > 0) r.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
    }
    return r;
  }).filter((r) => r.has("processor"));
  if (records.length === 0) {
    throw new SyntaxError('Cannot read the CPU description: no "processor" record was found');
  }
  const first = records[0]!;
  const flags = new Set((first.get("flags") ?? first.get("features") ?? "").split(/\s+/));
  const cores = new Set<string>();
  const sockets = new Set<string>();
  for (const r of records) {
    const socket = r.get("physical id");
    const core = r.get("core id");
    if (socket !== undefined) sockets.add(socket);
    if (socket !== undefined && core !== undefined) cores.add(`${socket}/${core}`);
  }
  const f = features(flags);
  return {
    model: first.get("model name") ?? first.get("hardware") ?? first.get("cpu model") ?? "",
    vendor: first.get("vendor_id") ?? first.get("cpu implementer") ?? "",
    logicalCpus: records.length,
    physicalCores: cores.size > 0 ? cores.size : records.length,
    sockets: Math.max(sockets.size, 1),
    features: f,
    int8Instructions: int8Instructions(f),
    source: "/proc/cpuinfo",
  };
}

/**
 * Describes this machine's CPU: `/proc/cpuinfo` where it can be read
 * (directly, or through `cat` where Deno would need `--allow-all` for
 * `/proc`), otherwise `os.cpus()` (model and count only; every feature
 * `false`).
 *
 * @returns the description
 * @example Usage
 * ```ts
 * import { readCpuInfo } from "@chronos-deno/chronos-deno/runtime";
 * const info = await readCpuInfo();
 * if (!(info.logicalCpus >= 1 && info.physicalCores >= 1)) throw new Error();
 * ```
 */
export async function readCpuInfo(): Promise<CpuInfo> {
  try {
    const text = await readProcFile("/proc/cpuinfo");
    if (text !== null) return parseCpuInfo(text);
  } catch {
    // not in the usual format: os.cpus() below
  }
  const list = cpus();
  const f = features(new Set());
  return {
    model: list[0]?.model ?? "",
    vendor: "",
    logicalCpus: Math.max(list.length, 1),
    physicalCores: Math.max(list.length, 1),
    sockets: 1,
    features: f,
    int8Instructions: int8Instructions(f),
    source: "os.cpus()",
  };
}
