import { assertEquals, assertStrictEquals, assertThrows } from "../../_helpers/assert.ts";
import { parseCpuInfo, readCpuInfo } from "../../../lib/runtime/cpu_info.ts";

const FIXTURES = new URL("../../fixtures/cpuinfo/", import.meta.url);
const read = (name: string) => Deno.readTextFileSync(new URL(name, FIXTURES));

Deno.test("parseCpuInfo() reads a recorded 2-vCPU Xeon with AVX-512 VNNI, BF16 and AMX", () => {
  const info = parseCpuInfo(read("xeon_amx_vnni_2vcpu.txt"));
  assertEquals(
    [info.model, info.vendor, info.logicalCpus, info.physicalCores, info.sockets],
    ["Intel(R) Xeon(R) Processor", "GenuineIntel", 2, 2, 1],
  );
  assertEquals(info.features, {
    avx2: true,
    fma: true,
    avx512f: true,
    avx512bw: true,
    avx512vnni: true,
    avxVnni: true,
    avx512bf16: true,
    amxTile: true,
    amxInt8: true,
    amxBf16: true,
    neon: false,
  });
  assertStrictEquals(info.int8Instructions, "amx");
  assertStrictEquals(info.source, "/proc/cpuinfo");
});

Deno.test("parseCpuInfo() reads a recorded 2-socket Haswell: AVX2 only, cores from (socket, core) pairs", () => {
  const info = parseCpuInfo(read("xeon_haswell_2s2c2t.txt"));
  assertEquals(
    [info.model, info.logicalCpus, info.physicalCores, info.sockets],
    ["Intel(R) Xeon(R) CPU E5-2680 v3 @ 2.50GHz", 8, 4, 2],
  );
  const f = info.features;
  assertEquals(
    [f.avx2, f.fma, f.avx512f, f.avx512bw, f.avx512vnni, f.avxVnni, f.avx512bf16, f.amxTile],
    [true, true, false, false, false, false, false, false],
  );
  assertStrictEquals(info.int8Instructions, "avx2");
});

Deno.test("parseCpuInfo() ranks the int8 paths and reads Arm Features lines", () => {
  const one = (flags: string, key = "flags") =>
    parseCpuInfo(`processor\t: 0\n${key}\t\t: ${flags}\n`).int8Instructions;
  assertStrictEquals(one("avx2 avx512f avx512bw avx512_vnni"), "avx512-vnni");
  assertStrictEquals(one("avx2 avx512f avx512_vnni"), "avx2"); // VNNI without BW is not used
  assertStrictEquals(one("avx2 avx_vnni"), "avx-vnni");
  assertStrictEquals(one("amx_tile avx2"), "avx2"); // tiles without the int8 products
  assertStrictEquals(one("fp asimd evtstrm aes", "Features"), "neon");
  assertStrictEquals(one("fpu sse2"), "none");
  const arm = parseCpuInfo(
    "processor\t: 0\nFeatures\t: fp asimd\n\nprocessor\t: 1\nFeatures\t: fp asimd\n",
  );
  assertEquals([arm.logicalCpus, arm.physicalCores, arm.sockets], [2, 2, 1]);
});

Deno.test("parseCpuInfo() refuses text without a processor record", () => {
  assertThrows(() => parseCpuInfo("MemTotal: 1 kB\n"), {
    name: "SyntaxError",
    message: 'Cannot read the CPU description: no "processor" record was found',
  });
});

Deno.test("readCpuInfo() agrees with this machine's /proc/cpuinfo flags", async () => {
  const info = await readCpuInfo();
  let text: string | undefined;
  try {
    text = Deno.readTextFileSync("/proc/cpuinfo");
  } catch {
    // not Linux: only the os.cpus() fallback can be checked
  }
  if (text === undefined) {
    assertStrictEquals(info.source, "os.cpus()");
    return;
  }
  const flags = ` ${text.match(/^(?:flags|Features)\s*:(.*)$/m)?.[1] ?? ""} `;
  assertStrictEquals(info.source, "/proc/cpuinfo");
  assertStrictEquals(info.logicalCpus, text.match(/^processor\s*:/gm)!.length);
  assertStrictEquals(info.features.avx2, flags.includes(" avx2 "));
  assertStrictEquals(info.features.avx512vnni, flags.includes(" avx512_vnni "));
  assertStrictEquals(info.features.amxInt8, flags.includes(" amx_int8 "));
});
