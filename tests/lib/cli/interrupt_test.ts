import { assertEquals } from "../../_helpers/assert.ts";
import { interruptOnSignals, stopMessage, type StopSignal } from "../../../lib/cli/interrupt.ts";

function fakeSignals() {
  const listeners = new Map<StopSignal, Set<() => void>>();
  return {
    listeners,
    add: (s: StopSignal, l: () => void) =>
      void listeners.set(s, (listeners.get(s) ?? new Set()).add(l)),
    remove: (s: StopSignal, l: () => void) => void listeners.get(s)?.delete(l),
    fire: (s: StopSignal) => [...(listeners.get(s) ?? [])].forEach((l) => l()),
    size: () => [...listeners.values()].reduce((a, set) => a + set.size, 0),
  };
}

/** A handle on fake signals that logs its callbacks. */
function watched() {
  const s = fakeSignals();
  const calls: string[] = [];
  const h = interruptOnSignals({
    signals: s,
    onInterrupt: (sig) => calls.push(`interrupt ${sig}`),
    onForce: (sig) => calls.push(`force ${sig}`),
  });
  return { s, calls, h };
}

Deno.test("interruptOnSignals() aborts on the first Ctrl-C and forces on the second", () => {
  const { s, calls, h } = watched();
  assertEquals(s.size(), 3); // SIGINT, SIGTERM, SIGHUP
  assertEquals([h.signal.aborted, h.stoppedBy, h.exitCode], [false, undefined, 130]);
  s.fire("SIGINT");
  assertEquals(h.signal.aborted, true);
  assertEquals(h.signal.reason, "interrupted");
  s.fire("SIGINT");
  assertEquals(calls, ["interrupt SIGINT", "force SIGINT"]);
  assertEquals([h.count, h.stoppedBy, h.exitCode], [2, "SIGINT", 130]);
  h.dispose();
  h.dispose();
  assertEquals(s.size(), 0);
});

Deno.test("interruptOnSignals() stops on SIGTERM (exit 143) and SIGHUP (exit 129); the first signal decides", () => {
  for (const [first, code] of [["SIGTERM", 143], ["SIGHUP", 129]] as const) {
    const { s, calls, h } = watched();
    s.fire(first);
    s.fire("SIGINT");
    assertEquals(calls, [`interrupt ${first}`, "force SIGINT"]);
    assertEquals([h.signal.aborted, h.stoppedBy, h.exitCode], [true, first, code]);
    h.dispose();
    assertEquals(s.size(), 0);
  }
});

Deno.test("stopMessage() says what the task does and how to quit at once, per signal", () => {
  assertEquals(
    stopMessage("SIGINT", "finishing the step in flight"),
    "Interrupted: finishing the step in flight (Ctrl-C again to quit now)",
  );
  assertEquals(
    stopMessage("SIGHUP", "finishing the batch in flight"),
    "Hung up (SIGHUP): finishing the batch in flight (send it again to quit now)",
  );
});

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  Deno.test(`interruptOnSignals() catches a real ${sig} in a child process`, async () => {
    if (Deno.build.os === "windows") return;
    // deno test handles SIGINT itself, so the real signal goes to a child process.
    const module = new URL("../../../lib/cli/interrupt.ts", import.meta.url).href;
    const script = `
      import { interruptOnSignals } from "${module}";
      const h = interruptOnSignals();
      console.log("ready");
      await new Promise((r) => h.signal.addEventListener("abort", r));
      h.dispose();
      console.log("stopped cleanly by " + h.stoppedBy + " after " + h.count + ", exit " + h.exitCode);
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
    child.kill(sig);
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      out += value;
    }
    const status = await child.status;
    await child.stderr.cancel();
    assertEquals(status.code, 0);
    const code = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 }[sig];
    assertEquals(out.trim().split("\n").at(-1), `stopped cleanly by ${sig} after 1, exit ${code}`);
  });
}
