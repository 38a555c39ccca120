// Ctrl-C from a terminal through `npx deno task …`, under a real
// pseudo-terminal (tmux): the prompt must come back only after the task has
// finished the way it does alone, with exit status 130 and no process left.
import assert from "node:assert/strict";
import { join } from "node:path";

const ROOT = new URL("../..", import.meta.url).pathname;
const hasTmux = (() => {
  try {
    return new Deno.Command("tmux", { args: ["-V"], stdout: "null", stderr: "null" }).outputSync()
      .success;
  } catch {
    return false;
  }
})();

const TASK = `
const dir = Deno.args[0];
Deno.addSignalListener("SIGINT", () => {
  Deno.writeTextFileSync(dir + "/sigint", String(Date.now()), { append: true });
  setTimeout(() => {
    console.log("finished the batch in flight");
    Deno.writeTextFileSync(dir + "/done", String(Date.now()));
    Deno.exit(130);
  }, 1500);
});
Deno.writeTextFileSync(dir + "/ready", String(Deno.pid));
setInterval(() => {}, 1000);
`;

async function tmux(...args: string[]): Promise<string> {
  const out = await new Deno.Command("tmux", { args, stdout: "piped", stderr: "piped" }).output();
  return new TextDecoder().decode(out.stdout);
}

async function waitFor(path: string, ms: number): Promise<string> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const text = await Deno.readTextFile(path);
      if (text.trim() !== "") return text;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${path}`);
}

Deno.test({
  name: "Ctrl-C on `npx deno task` in a terminal returns the prompt only after the task stopped",
  ignore: !hasTmux || Deno.build.os === "windows",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "shim-" });
    const session = `shim-${Deno.pid}`;
    try {
      await Deno.mkdir(join(dir, "node_modules", ".bin"), { recursive: true });
      await Deno.symlink(join(ROOT, "node_modules", "deno"), join(dir, "node_modules", "deno"));
      await Deno.symlink(
        join(ROOT, "tools", "deno_shim.mjs"),
        join(dir, "node_modules", ".bin", "deno"),
      );
      await Deno.writeTextFile(
        join(dir, "package.json"),
        '{ "name": "shim-check", "private": true }',
      );
      await Deno.writeTextFile(join(dir, "task.ts"), TASK);
      await Deno.writeTextFile(
        join(dir, "deno.json"),
        JSON.stringify({
          nodeModulesDir: "manual",
          tasks: { t: `deno run --allow-write ${join(dir, "task.ts")} ${dir}` },
        }),
      );
      const prompt = join(dir, "prompt");
      await tmux(
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        "150",
        "-y",
        "40",
        "bash",
        "--norc",
        "-i",
      );
      await tmux("send-keys", "-t", session, `cd ${dir} && export DENO_NO_UPDATE_CHECK=1`, "Enter");
      await tmux(
        "send-keys",
        "-t",
        session,
        `PROMPT_COMMAND='echo "$? $(date +%s%3N)" >> ${prompt}'`,
        "Enter",
      );
      await new Promise((r) => setTimeout(r, 500));
      await Deno.remove(prompt).catch(() => {});
      await tmux("send-keys", "-t", session, "npx deno task t", "Enter");
      const pid = Number(await waitFor(join(dir, "ready"), 120_000));
      await tmux("send-keys", "-t", session, "C-c");
      const [status, at] = (await waitFor(prompt, 60_000)).trim().split(" ").map(Number);
      const done = Number(await waitFor(join(dir, "done"), 1000));
      assert.equal(
        (await Deno.readTextFile(join(dir, "sigint"))).length,
        13,
        "one SIGINT, not two",
      );
      assert.ok(at! >= done, `the prompt came back ${done - at!} ms before the task finished`);
      assert.equal(status, 130);
      const alive = await new Deno.Command("kill", { args: ["-0", String(pid)], stderr: "null" })
        .output();
      assert.equal(alive.success, false, "the task process is gone");
      assert.match(await tmux("capture-pane", "-p", "-t", session), /finished the batch in flight/);
    } finally {
      await tmux("kill-session", "-t", session);
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "without a terminal the launcher forwards a SIGINT sent to it alone, and ends with the child's status",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "shim-" });
    try {
      await Deno.writeTextFile(join(dir, "task.ts"), TASK);
      const child = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--ext=js",
          "-A",
          join(ROOT, "tools", "deno_shim.mjs"),
          "run",
          "--allow-write",
          join(dir, "task.ts"),
          dir,
        ],
        env: { DENO_NO_UPDATE_CHECK: "1" },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      await waitFor(join(dir, "ready"), 60_000);
      child.kill("SIGINT");
      const status = await child.status;
      await child.stdout.cancel();
      await child.stderr.cancel();
      assert.equal(status.code, 130);
      assert.ok(await waitFor(join(dir, "done"), 1000));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
