import { assert, assertEquals, assertMatch, assertStrictEquals } from "../../_helpers/assert.ts";
import {
  CUDA_PROVIDER_FILES,
  inspectCudaProvider,
  ortNativeDir,
  unresolvedLibraries,
} from "../../../lib/runtime/cuda_provider.ts";

// `ldd libonnxruntime_providers_cuda.so` on a machine with the driver and CUDA 12 but no cuDNN
const LDD = `\tlinux-vdso.so.1 (0x00007ffc8a1f6000)
\tlibcublasLt.so.12 => /usr/local/cuda/lib64/libcublasLt.so.12 (0x00007f2c40000000)
\tlibcublas.so.12 => /usr/local/cuda/lib64/libcublas.so.12 (0x00007f2c39a00000)
\tlibcudnn.so.9 => not found
\tlibcurand.so.10 => /usr/local/cuda/lib64/libcurand.so.10 (0x00007f2c33200000)
\tlibcufft.so.11 => /usr/local/cuda/lib64/libcufft.so.11 (0x00007f2c22400000)
\tlibcudart.so.12 => /usr/local/cuda/lib64/libcudart.so.12 (0x00007f2c22000000)
\tlibcudnn.so.9 => not found
\tlibcuda.so.1 => /lib/x86_64-linux-gnu/libcuda.so.1 (0x00007f2c20000000)
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f2c1fe1f000)
`;

const NVIDIA_VERSION =
  "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15  Tue Mar  5 22:23:56 UTC 2024\n" +
  "GCC version:  gcc version 12.2.0 (Debian 12.2.0-14)\n";

async function folder(files: string[]): Promise<string> {
  const dir = await Deno.makeTempDir();
  for (const f of files) await Deno.writeFile(`${dir}/${f}`, new Uint8Array(1));
  return dir;
}

Deno.test("unresolvedLibraries() lists what ldd could not find, once each", () => {
  assertEquals(unresolvedLibraries(LDD), ["libcudnn.so.9"]);
  assertEquals(unresolvedLibraries("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n"), []);
});

Deno.test("inspectCudaProvider() with the provider installed asks ldd and reads the driver", async () => {
  const dir = await folder([...CUDA_PROVIDER_FILES]);
  const calls: string[] = [];
  const s = await inspectCudaProvider({
    nativeDir: dir,
    run: (cmd, args) => {
      calls.push(`${cmd} ${args.join(" ")}`);
      if (cmd === "ldd") return Promise.resolve(LDD);
      if (cmd === "nvidia-smi") {
        return Promise.resolve("NVIDIA H100 80GB HBM3, 81559 MiB, 550.54.15\n");
      }
      return Promise.resolve(null);
    },
    readText: (p) => Promise.resolve(p === "/proc/driver/nvidia/version" ? NVIDIA_VERSION : null),
  });
  await Deno.remove(dir, { recursive: true });
  assertStrictEquals(s.installed, true);
  assertEquals(s.files.map((f) => f.present), [true, true]);
  assertStrictEquals(s.checkedWith, "ldd");
  assertEquals(s.unresolved, ["libcudnn.so.9"]);
  assertEquals(s.driver, {
    loaded: true,
    version: "550.54.15",
    gpus: ["NVIDIA H100 80GB HBM3, 81559 MiB"],
    note: "",
  });
  assertEquals(calls[0], `ldd ${dir}/${CUDA_PROVIDER_FILES[0]}`);
  if (s.platformSupported) {
    assertStrictEquals(
      s.summary,
      "unavailable: the loader cannot find libcudnn.so.9 (install CUDA 12 and cuDNN 9, " +
        "or add their folders to LD_LIBRARY_PATH)",
    );
  }
});

Deno.test("inspectCudaProvider() without the provider checks the CUDA libraries by name", async () => {
  const dir = await folder([CUDA_PROVIDER_FILES[1]!]);
  const cache = "\t6 libs found in cache `/etc/ld.so.cache'\n" +
    "\tlibcudart.so.12 (libc6,x86-64) => /usr/local/cuda/lib64/libcudart.so.12\n" +
    "\tlibcublasLt.so.12 (libc6,x86-64) => /usr/local/cuda/lib64/libcublasLt.so.12\n" +
    "\tlibc.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libc.so.6\n";
  const s = await inspectCudaProvider({
    nativeDir: dir,
    run: (cmd) => Promise.resolve(cmd === "ldconfig" ? cache : null),
    readText: () => Promise.resolve(null),
  });
  await Deno.remove(dir, { recursive: true });
  assertStrictEquals(s.installed, false);
  assertEquals(s.files.map((f) => [f.name, f.present]), [
    ["libonnxruntime_providers_cuda.so", false],
    ["libonnxruntime_providers_shared.so", true],
  ]);
  assertStrictEquals(s.checkedWith, "ldconfig");
  // libcublas.so.12 is not found just because libcublasLt.so.12 is there
  assert(s.unresolved.includes("libcublas.so.12"));
  assert(!s.unresolved.includes("libcudart.so.12") && !s.unresolved.includes("libcublasLt.so.12"));
  assertEquals(s.driver.loaded, false);
  assertMatch(s.driver.note, /nvidia-smi did not run/);
  if (s.platformSupported) {
    assertMatch(
      s.summary,
      /^unavailable: the provider libraries are not installed \(run deno task setup-gpu\); no NVIDIA driver is loaded; /,
    );
  }
});

Deno.test("inspectCudaProvider() looks in onnxruntime-node's own folder by default", async () => {
  const s = await inspectCudaProvider();
  assertStrictEquals(s.nativeDir, ortNativeDir());
  assertMatch(s.nativeDir, /onnxruntime-node\/bin\/napi-v6\//);
  const arch = Deno.build.arch === "x86_64" ? "x64" : "arm64";
  assertStrictEquals(s.platform, `${Deno.build.os}/${arch}`);
  assert(s.summary.startsWith("installed") || s.summary.startsWith("unavailable: "));
});
