/**
 * The text form of a {@linkcode DoctorReport}: one section per device path,
 * each line saying what is there and why it is (not) used.
 *
 * @module
 */

import type { GpuLimits } from "../gpu/device.ts";
import type { DoctorReport } from "./doctor.ts";

function gib(bytes: number): string {
  return bytes > 0 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : "unknown";
}

function yes(v: boolean): string {
  return v ? "yes" : "no";
}

function size(bytes: number): string {
  if (bytes >= 2 ** 30) return `${+(bytes / 2 ** 30).toFixed(1)} GiB`;
  return bytes >= 2 ** 20
    ? `${+(bytes / 2 ** 20).toFixed(1)} MiB`
    : `${+(bytes / 2 ** 10).toFixed(1)} KiB`;
}

function limits(l: GpuLimits): string {
  return `storage binding ${size(l.maxStorageBufferBindingSize)}, buffer ${
    size(l.maxBufferSize)
  }, ` +
    `${l.maxComputeInvocationsPerWorkgroup} invocations per workgroup (x up to ` +
    `${l.maxComputeWorkgroupSizeX}), ${l.maxComputeWorkgroupsPerDimension} workgroups per dimension, ` +
    `${size(l.maxComputeWorkgroupStorageSize)} workgroup memory, ` +
    `${l.maxStorageBuffersPerShaderStage} storage buffers per stage`;
}

/**
 * Formats a doctor report for the terminal.
 *
 * @param r the report
 * @returns the text, ending with a newline
 * @example Usage
 * ```ts
 * import { formatDoctorReport, runDoctor } from "@chronos-deno/chronos-deno/runtime";
 * const text = formatDoctorReport(await runDoctor({ kernelWorkBytes: [1024] }));
 * if (!text.includes("ONNX Runtime")) throw new Error(text);
 * ```
 */
export function formatDoctorReport(r: DoctorReport): string {
  const f = r.cpu.features;
  const lines = [
    `Versions: Deno ${r.versions.deno} (V8 ${r.versions.v8}, TypeScript ${r.versions.typescript}), ` +
    `ONNX Runtime ${r.versions.onnxRuntime}, ${r.versions.os}`,
    "",
    `CPU: ${r.cpu.model || "unknown model"}${r.cpu.vendor ? ` (${r.cpu.vendor})` : ""}, ` +
    `from ${r.cpu.source}`,
    `  cores: ${r.cpu.physicalCores} physical, ${r.cpu.logicalCpus} logical, ${r.cpu.sockets} socket(s)`,
    `  AVX2 ${yes(f.avx2)}, FMA ${yes(f.fma)}, AVX-512 F ${yes(f.avx512f)}, BW ${
      yes(f.avx512bw)
    }, ` +
    `VNNI ${yes(f.avx512vnni)}, AVX-VNNI ${yes(f.avxVnni)}, AVX512_BF16 ${yes(f.avx512bf16)}, ` +
    `AMX tile ${yes(f.amxTile)} int8 ${yes(f.amxInt8)} bf16 ${yes(f.amxBf16)}, NEON ${yes(f.neon)}`,
    `  widest int8 dot products: ${r.cpu.int8Instructions}`,
    `Threads: ONNX Runtime uses ${r.threads.ortDefaultIntraOp} intra-op thread(s) by default ` +
    `(one per physical core, unless a task sets its own count)`,
    `Memory: ${gib(r.memory.availableBytes)} available of ${gib(r.memory.totalBytes)}`,
    "",
    `ONNX Runtime ${r.onnxRuntime.version} execution providers:`,
    ...r.onnxRuntime.providers.map((p) =>
      `  ${p.name.padEnd(9)} ${p.bundled ? "bundled" : "separate"}, ` +
      `${p.usable ? "usable" : "not usable"}: ${p.why}`
    ),
    `CUDA provider (${r.cuda.nativeDir || "onnxruntime-node missing"}):`,
    ...r.cuda.files.map((file) =>
      `  ${file.name}: ${file.present ? "present" : "missing"}` +
      (file.linkTarget ? ` -> ${file.linkTarget}` : "")
    ),
    `  libraries it needs: ${
      r.cuda.checkedWith === "none"
        ? "not checked"
        : r.cuda.unresolved.length === 0
        ? `all found (${r.cuda.checkedWith})`
        : `missing ${r.cuda.unresolved.join(", ")} (${r.cuda.checkedWith})`
    }`,
    `  NVIDIA driver: ${
      r.cuda.driver.loaded || r.cuda.driver.gpus.length > 0
        ? `${r.cuda.driver.version || "loaded"}; ${
          r.cuda.driver.gpus.join("; ") || "no GPU listed"
        }`
        : "not loaded"
    }`,
    `  => ${r.cuda.summary}`,
    `WebGPU: ${r.webgpu.summary}`,
    ...(r.webgpu.adapter ? [`  limits: ${limits(r.webgpu.adapter.limits)}`] : []),
    "",
    "--device auto picks:",
    `  model:   ${r.auto.model.executionProvider} (${r.auto.model.reason})`,
    ...r.auto.kernels.map((k) =>
      `  ${k.kernel.padEnd(13)} at ${size(k.workBytes).padEnd(8)} ${k.path.padEnd(6)} (${k.reason})`
    ),
  ];
  return lines.join("\n") + "\n";
}
