import { assertEquals } from "../../_helpers/assert.ts";
import { interruptOnSigint } from "../../../lib/cli/interrupt.ts";

function fakeSignals() {
  const listeners = new Set<() => void>();
  return {
    listeners,
    add: (_s: "SIGINT", l: () => void) => void listeners.add(l),
    remove: (_s: "SIGINT", l: () => void) => void listeners.delete(l),
    fire: () => [...listeners].forEach((l) => l()),
  };
}

Deno.test("interruptOnSigint() aborts on the first Ctrl-C and forces on the second", () => {
  const s = fakeSignals();
  const calls: string[] = [];
  const h = interruptOnSigint({
    signals: s,
    onInterrupt: () => calls.push("interrupt"),
    onForce: () => calls.push("force"),
  });
  assertEquals(h.signal.aborted, false);
  s.fire();
  assertEquals(h.signal.aborted, true);
  assertEquals(h.signal.reason, "interrupted");
  s.fire();
  assertEquals(calls, ["interrupt", "force"]);
  assertEquals(h.count, 2);
  h.dispose();
  h.dispose();
  assertEquals(s.listeners.size, 0);
});

Deno.test("interruptOnSigint() catches a real SIGINT in a child process", async () => {
  if (Deno.build.os === "windows") return;
  // deno test handles SIGINT itself, so the real signal goes to a child process.
  const module = new URL("../../../lib/cli/interrupt.ts", import.meta.url).href;
  const script = `
    import { interruptOnSigint } from "${module}";
    const h = interruptOnSigint();
    console.log("ready");
    await new Promise((r) => h.signal.addEventListener("abort", r));
    h.dispose();
    console.log("stopped cleanly after " + h.count);
  `;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-check", script],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  while (!out.includes("ready")) {
    const { value, done } = await reader.read();
    if (done) break;
    out += value;
  }
  child.kill("SIGINT");
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    out += value;
  }
  const status = await child.status;
  await child.stderr.cancel();
  assertEquals(status.code, 0);
  assertEquals(out.trim().split("\n").at(-1), "stopped cleanly after 1");
});
