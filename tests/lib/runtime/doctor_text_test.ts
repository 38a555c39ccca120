import { assertMatch, assertStrictEquals } from "../../_helpers/assert.ts";
import type { DoctorReport } from "../../../lib/runtime/doctor.ts";
import { formatDoctorReport } from "../../../lib/runtime/doctor_text.ts";

const LIMITS = {
  maxStorageBufferBindingSize: 2 ** 31,
  maxBufferSize: 2 ** 32,
  maxComputeWorkgroupsPerDimension: 65535,
  maxComputeWorkgroupSizeX: 1024,
  maxComputeInvocationsPerWorkgroup: 1024,
  maxStorageBuffersPerShaderStage: 16,
  maxComputeWorkgroupStorageSize: 32768,
};

const REPORT: DoctorReport = {
  versions: {
    deno: "2.9.6",
    v8: "15.0",
    typescript: "6.0.3",
    onnxRuntime: "1.30.0",
    os: "linux 6.1 x86_64",
  },
  cpu: {
    model: "AMD EPYC 9R45",
    vendor: "AuthenticAMD",
    logicalCpus: 2,
    physicalCores: 1,
    sockets: 1,
    features: {
      avx2: true,
      fma: true,
      avx512f: true,
      avx512bw: true,
      avx512vnni: true,
      avxVnni: true,
      avx512bf16: true,
      amxTile: false,
      amxInt8: false,
      amxBf16: false,
      neon: false,
    },
    int8Instructions: "avx512-vnni",
    source: "/proc/cpuinfo",
  },
  threads: { logicalCpus: 2, physicalCores: 1, ortDefaultIntraOp: 1 },
  memory: { totalBytes: 8 * 2 ** 30, availableBytes: 6 * 2 ** 30 },
  onnxRuntime: {
    version: "1.30.0",
    providers: [
      { name: "cpu", bundled: true, usable: true, why: "always available" },
      {
        name: "cuda",
        bundled: false,
        usable: true,
        why: "installed, and every library it links against was found",
      },
    ],
  },
  cuda: {
    platformSupported: true,
    platform: "linux/x64",
    nativeDir: "/x/onnxruntime-node/bin/napi-v6/linux/x64",
    files: [
      {
        name: "libonnxruntime_providers_cuda.so",
        present: true,
        linkTarget: "/opt/ort/libonnxruntime_providers_cuda.so",
      },
      { name: "libonnxruntime_providers_shared.so", present: true },
    ],
    installed: true,
    unresolved: [],
    checkedWith: "ldd",
    driver: { loaded: true, version: "550.54.15", gpus: ["NVIDIA L4, 23034 MiB"], note: "" },
    summary: "installed, and every library it links against was found",
  },
  webgpu: {
    adapter: {
      vendor: "nvidia",
      architecture: "ada",
      device: "",
      description: "NVIDIA L4",
      isFallbackAdapter: false,
      limits: LIMITS,
    },
    summary: "NVIDIA L4 [vendor nvidia, ada, hardware, binding 2048 MiB]: a hardware adapter",
  },
  auto: {
    model: { executionProvider: "cuda", reason: "auto: the CUDA provider libraries are installed" },
    kernels: [{
      kernel: "adam_w",
      workBytes: 1 << 26,
      path: "webgpu",
      reason: "auto: NVIDIA L4: figures",
    }],
  },
};

Deno.test("formatDoctorReport() says what each path uses and why", () => {
  const text = formatDoctorReport(REPORT);
  assertStrictEquals(text.endsWith("\n"), true);
  assertMatch(
    text,
    /^Versions: Deno 2\.9\.6 \(V8 15\.0, TypeScript 6\.0\.3\), ONNX Runtime 1\.30\.0, linux 6\.1 x86_64$/m,
  );
  assertMatch(text, /^CPU: AMD EPYC 9R45 \(AuthenticAMD\), from \/proc\/cpuinfo$/m);
  assertMatch(text, /^ {2}cores: 1 physical, 2 logical, 1 socket\(s\)$/m);
  assertMatch(
    text,
    /AVX-512 F yes, BW yes, VNNI yes, AVX-VNNI yes, AVX512_BF16 yes, AMX tile no int8 no bf16 no/,
  );
  assertMatch(text, /^ {2}widest int8 dot products: avx512-vnni$/m);
  assertMatch(text, /^Threads: ONNX Runtime uses 1 intra-op thread\(s\) by default/m);
  assertMatch(text, /^Memory: 6\.0 GiB available of 8\.0 GiB$/m);
  assertMatch(text, /^ {2}cuda {6}separate, usable: installed, and every library/m);
  assertMatch(
    text,
    /^ {2}libonnxruntime_providers_cuda\.so: present -> \/opt\/ort\/libonnxruntime_providers_cuda\.so$/m,
  );
  assertMatch(text, /^ {2}libraries it needs: all found \(ldd\)$/m);
  assertMatch(text, /^ {2}NVIDIA driver: 550\.54\.15; NVIDIA L4, 23034 MiB$/m);
  assertMatch(
    text,
    /^WebGPU: NVIDIA L4 \[vendor nvidia, ada, hardware, binding 2048 MiB\]: a hardware adapter$/m,
  );
  assertMatch(
    text,
    /^ {2}limits: storage binding 2 GiB, buffer 4 GiB, 1024 invocations per workgroup \(x up to 1024\), 65535 workgroups per dimension, 32 KiB workgroup memory, 16 storage buffers per stage$/m,
  );
  assertMatch(text, /^ {2}model: {3}cuda \(auto: the CUDA provider libraries are installed\)$/m);
  assertMatch(text, /^ {2}adam_w {8}at 64 MiB {3}webgpu \(auto: NVIDIA L4: figures\)$/m);
});

Deno.test("formatDoctorReport() says when the libraries were not checked or are missing", () => {
  const unchecked = formatDoctorReport({
    ...REPORT,
    cuda: { ...REPORT.cuda, checkedWith: "none" },
  });
  assertMatch(unchecked, /^ {2}libraries it needs: not checked$/m);
  const missing = formatDoctorReport({
    ...REPORT,
    cuda: {
      ...REPORT.cuda,
      unresolved: ["libcudnn.so.9"],
      driver: { ...REPORT.cuda.driver, loaded: false, gpus: [] },
    },
  });
  assertMatch(missing, /^ {2}libraries it needs: missing libcudnn\.so\.9 \(ldd\)$/m);
  assertMatch(missing, /^ {2}NVIDIA driver: not loaded$/m);
});
