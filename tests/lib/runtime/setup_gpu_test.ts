import { assertEquals, assertRejects, assertStrictEquals } from "../../_helpers/assert.ts";
import { CUDA_PROVIDER_FILES } from "../../../lib/runtime/cuda_provider.ts";
import { setupGpu } from "../../../lib/runtime/setup_gpu.ts";

const linuxX64 = process.platform === "linux" && process.arch === "x64";

/** A fake ORT folder and canned commands: `ldd` reports `missing`, no driver unless `driver`. */
async function fake(options: { missing?: string[]; driver?: boolean } = {}) {
  const nativeDir = await Deno.makeTempDir();
  const ldd = (options.missing ?? []).map((m) => `\t${m} => not found\n`).join("") +
    "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x1)\n";
  return {
    nativeDir,
    inspect: {
      nativeDir,
      run: (cmd: string) =>
        Promise.resolve(
          cmd === "ldd"
            ? ldd
            : cmd === "nvidia-smi" && options.driver
            ? "NVIDIA L4, 23034 MiB, 550.54.15\n"
            : null,
        ),
      readText: () => Promise.resolve(null),
    },
  };
}

async function providerFolder(files = CUDA_PROVIDER_FILES): Promise<string> {
  const dir = await Deno.makeTempDir();
  for (const f of files) await Deno.writeTextFile(`${dir}/${f}`, f);
  return dir;
}

Deno.test({
  name: "setupGpu() without an NVIDIA driver fails at once and says what to do",
  ignore: !linuxX64,
  fn: async () => {
    const { nativeDir, inspect } = await fake();
    await assertRejects(setupGpu({ inspect }), {
      name: "GpuUnavailableError",
      message: "Cannot set up the CUDA provider: no NVIDIA driver is loaded " +
        "(/proc/driver/nvidia/version is missing and nvidia-smi lists no GPU); run this on a " +
        "machine with an NVIDIA GPU and its driver, or pass --force to install the provider files anyway",
    });
    assertEquals([...Deno.readDirSync(nativeDir)], []); // nothing was installed
    await Deno.remove(nativeDir, { recursive: true });
  },
});

Deno.test({
  name: "setupGpu({ from }) copies both provider libraries into ORT's folder",
  ignore: !linuxX64,
  fn: async () => {
    const { nativeDir, inspect } = await fake({ driver: true });
    const from = await providerFolder();
    const r = await setupGpu({ from, verify: false, inspect });
    assertStrictEquals(r.action, "copied");
    assertStrictEquals(r.verified, undefined);
    for (const f of CUDA_PROVIDER_FILES) {
      assertEquals(Deno.readFileSync(`${nativeDir}/${f}`), new TextEncoder().encode(f));
    }
    assertEquals(r.status.files.map((f) => f.linkTarget), [undefined, undefined]);
    // a second run replaces the copies instead of failing on them; a link left by hand goes too
    Deno.removeSync(`${nativeDir}/${CUDA_PROVIDER_FILES[1]}`);
    Deno.symlinkSync("/nonexistent", `${nativeDir}/${CUDA_PROVIDER_FILES[1]}`);
    assertStrictEquals((await setupGpu({ from, verify: false, inspect })).action, "copied");
    assertStrictEquals(
      Deno.lstatSync(`${nativeDir}/${CUDA_PROVIDER_FILES[1]}`).isSymlink,
      false,
    );
    // an unzipped package: the libraries are found under runtimes/linux-x64/native
    const pkg = await Deno.makeTempDir();
    await Deno.mkdir(`${pkg}/runtimes/linux-x64/native`, { recursive: true });
    for (const f of CUDA_PROVIDER_FILES) {
      await Deno.writeTextFile(`${pkg}/runtimes/linux-x64/native/${f}`, `package ${f}`);
    }
    await setupGpu({ from: pkg, verify: false, inspect });
    assertStrictEquals(
      Deno.readTextFileSync(`${nativeDir}/${CUDA_PROVIDER_FILES[0]}`),
      `package ${CUDA_PROVIDER_FILES[0]}`,
    );
    for (const d of [nativeDir, from, pkg]) await Deno.remove(d, { recursive: true });
  },
});

Deno.test({
  name: "setupGpu() names the folder's missing file and the libraries the loader cannot find",
  ignore: !linuxX64,
  fn: async () => {
    const half = await providerFolder([CUDA_PROVIDER_FILES[0]!]);
    const { nativeDir, inspect } = await fake({ driver: true });
    await assertRejects(setupGpu({ from: half, force: true, inspect }), {
      name: "GpuUnavailableError",
      message: new RegExp(
        `^Cannot set up the CUDA provider: "${half}" has no libonnxruntime_providers_shared\\.so; give the folder`,
      ),
    });
    const from = await providerFolder();
    const broken = await fake({ driver: true, missing: ["libcudnn.so.9", "libcublasLt.so.12"] });
    await assertRejects(setupGpu({ from, inspect: broken.inspect }), {
      name: "GpuUnavailableError",
      message: "Cannot set up the CUDA provider: the loader cannot find libcudnn.so.9, " +
        "libcublasLt.so.12; install CUDA 12 and cuDNN 9 (or add their lib folders to " +
        "LD_LIBRARY_PATH) and run again",
    });
    for (const d of [half, nativeDir, from, broken.nativeDir]) {
      await Deno.remove(d, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "setupGpu({ force }) without a driver installs, accepts a missing libcuda.so.1 and tries no session",
  ignore: !linuxX64,
  fn: async () => {
    const { nativeDir, inspect } = await fake({ missing: ["libcuda.so.1"] });
    const from = await providerFolder();
    const lines: string[] = [];
    const r = await setupGpu({ from, force: true, inspect, onProgress: (l) => lines.push(l) });
    assertStrictEquals(r.action, "copied");
    assertStrictEquals(r.verified, undefined);
    assertEquals(lines.at(-1), "No NVIDIA driver here (--force): the CUDA session was not tried");
    // any other missing library still stops it
    const other = await fake({ missing: ["libcuda.so.1", "libcudnn.so.9"] });
    await assertRejects(setupGpu({ from, force: true, inspect: other.inspect }), {
      message: /^Cannot set up the CUDA provider: the loader cannot find libcudnn\.so\.9; install/,
    });
    for (const d of [nativeDir, from, other.nativeDir]) await Deno.remove(d, { recursive: true });
  },
});
