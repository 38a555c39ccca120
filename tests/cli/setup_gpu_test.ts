import { assertMatch, assertStrictEquals } from "../_helpers/assert.ts";
import { captureIo } from "../../lib/cli/io.ts";
import { main } from "../../cli/setup_gpu.ts";
import { inspectCudaProvider } from "../../lib/runtime/cuda_provider.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const status = await inspectCudaProvider();
const noGpu = !status.driver.loaded && status.driver.gpus.length === 0;

Deno.test("setup-gpu --help prints the usage; a bad option exits 2", async () => {
  const help = captureIo();
  assertStrictEquals(await main(["--help"], help), 0);
  assertMatch(help.out.join(""), /^Usage: deno task setup-gpu \[--from DIR\]/);
  const bad = captureIo();
  assertStrictEquals(await main(["--cuda"], bad), 2);
});

Deno.test({
  name: "deno task setup-gpu without an NVIDIA GPU fails fast with one clear line, no stack",
  ignore: !noGpu || !status.platformSupported,
  fn: async () => {
    const tasks = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`)).tasks;
    const args = (tasks["setup-gpu"].command as string).split(/\s+/).slice(1);
    const out = await new Deno.Command(Deno.execPath(), {
      args,
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
      stdin: "null",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assertStrictEquals(out.code, 1, stderr);
    assertMatch(
      stderr,
      /^Error: Cannot set up the CUDA provider: no NVIDIA driver is loaded .*pass --force to install the provider files anyway$/m,
    );
    assertStrictEquals(/^\s+at /m.test(stderr), false, stderr);
  },
});
