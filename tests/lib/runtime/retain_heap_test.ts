import { assertEquals } from "../../_helpers/assert.ts";

Deno.test("retainFreedHeapMemory() applies the glibc setting in a process with ffi, and only asks for ffi", async () => {
  const run = async (flags: string[]) => {
    const file = await Deno.makeTempFile({ suffix: ".ts" });
    await Deno.writeTextFile(
      file,
      'import { retainFreedHeapMemory } from "' +
        new URL("../../../lib/runtime/retain_heap.ts", import.meta.url).href +
        '"; console.log(retainFreedHeapMemory());',
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-config", ...flags, file],
      stdout: "piped",
      stderr: "piped",
      stdin: "null",
    }).output();
    await Deno.remove(file);
    return new TextDecoder().decode(out.stdout).trim();
  };
  // without the permission: no prompt, no change
  assertEquals(await run(["--no-prompt"]), "false");
  assertEquals(
    await run(["--no-prompt", "--allow-ffi"]),
    Deno.build.os === "linux" ? "true" : "false",
  );
});
