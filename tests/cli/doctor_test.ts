import { assert, assertEquals, assertMatch, assertStrictEquals } from "../_helpers/assert.ts";
import { captureIo } from "../../lib/cli/io.ts";
import { main } from "../../cli/doctor.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test("doctor --json prints every section and exits 0", async () => {
  const io = captureIo();
  assertStrictEquals(await main(["--json"], io), 0, io.err.join(""));
  const r = JSON.parse(io.out.join(""));
  assertEquals(Object.keys(r).sort(), [
    "auto",
    "cpu",
    "cuda",
    "memory",
    "onnxRuntime",
    "threads",
    "versions",
    "webgpu",
  ]);
  assertEquals(Object.keys(r.cpu.features).length, 11);
  assert(typeof r.auto.model.executionProvider === "string" && r.auto.model.reason !== "");
});

Deno.test("doctor prints the text report, and refuses unknown options with exit 2", async () => {
  const io = captureIo();
  assertStrictEquals(await main([], io), 0);
  const text = io.out.join("");
  for (
    const head of [
      "Versions: ",
      "CPU: ",
      "Threads: ",
      "Memory: ",
      "CUDA provider",
      "WebGPU: ",
      "--device auto picks:",
    ]
  ) {
    assert(text.includes(head), head);
  }
  const bad = captureIo();
  assertStrictEquals(await main(["--gpu"], bad), 2);
  assertMatch(bad.err.join(""), /Usage: deno task doctor/);
});

Deno.test("deno task doctor runs with the task's own permissions and reads the CPU flags", async () => {
  const tasks = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`)).tasks;
  const command: string = tasks.doctor.command;
  const args = command.split(/\s+/).slice(1); // drop "deno"
  const out = await new Deno.Command(Deno.execPath(), {
    args: [...args, "--json"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assertStrictEquals(out.code, 0, stderr);
  const r = JSON.parse(new TextDecoder().decode(out.stdout));
  let procReadable = true;
  try {
    Deno.readTextFileSync("/proc/cpuinfo");
  } catch {
    procReadable = false;
  }
  // /proc needs --allow-all in Deno; the task reads it through cat instead of falling back
  if (procReadable) assertStrictEquals(r.cpu.source, "/proc/cpuinfo");
  assert(!stderr.includes("Requires"), stderr);
});
