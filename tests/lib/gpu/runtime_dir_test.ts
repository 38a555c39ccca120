import assert from "node:assert/strict";
import { ensureRuntimeDir } from "../../../lib/gpu/runtime_dir.ts";

const SCRIPT = new URL("../../../lib/gpu/runtime_dir.ts", import.meta.url).href;
const DEVICE = new URL("../../../lib/gpu/device.ts", import.meta.url).href;

async function runWithout(env: Record<string, string>, code: string) {
  const cmd = new Deno.Command(Deno.execPath(), {
    args: ["eval", `import { ensureRuntimeDir } from "${SCRIPT}"; ${code}`],
    env: { ...env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  });
  const out = await cmd.output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test({
  name: "ensureRuntimeDir() sets a private folder when XDG_RUNTIME_DIR is missing or invalid",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const tmp = await Deno.makeTempDir();
    try {
      const bad = `${tmp}/open`;
      await Deno.mkdir(bad, { mode: 0o777 });
      await Deno.chmod(bad, 0o777);
      for (const env of [{ TMPDIR: tmp }, { TMPDIR: tmp, XDG_RUNTIME_DIR: bad }]) {
        const r = await runWithout(
          env,
          'console.log(ensureRuntimeDir(), Deno.env.get("XDG_RUNTIME_DIR"));',
        );
        const [result, dir] = r.stdout.trim().split(" ");
        assert.equal(result, "set", r.stderr);
        assert.ok(dir!.startsWith(`${tmp}/chronos-deno-runtime-`), dir);
        assert.equal((await Deno.stat(dir!)).mode! & 0o777, 0o700);
      }
      const good = await runWithout(
        { TMPDIR: tmp, XDG_RUNTIME_DIR: `${tmp}/chronos-deno-runtime-${Deno.uid()}` },
        "console.log(ensureRuntimeDir());",
      );
      assert.equal(good.stdout.trim(), "kept");
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});

Deno.test({
  name: "describeGpu() without XDG_RUNTIME_DIR prints no XDG error",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const tmp = await Deno.makeTempDir();
    try {
      const backend = Deno.env.get("DENO_WEBGPU_BACKEND");
      const r = await runWithout(
        {
          TMPDIR: tmp,
          PATH: Deno.env.get("PATH") ?? "",
          ...(backend ? { DENO_WEBGPU_BACKEND: backend } : {}),
        },
        `const { describeGpu } = await import("${DEVICE}"); await describeGpu(); console.log("done");`,
      );
      assert.equal(r.stdout.trim(), "done", r.stderr);
      assert.ok(!r.stderr.includes("XDG_RUNTIME_DIR"), r.stderr);
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});

Deno.test("ensureRuntimeDir() never throws", () => {
  assert.ok(["kept", "set", "skipped"].includes(ensureRuntimeDir()));
});
