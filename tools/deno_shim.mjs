#!/usr/bin/env node
// The project's `deno` launcher, installed as node_modules/.bin/deno by
// tools/install_deno_shim.mjs (package.json postinstall) in place of npm's
// shim from the `deno` package.
//
// Why: `npx deno task zero-shot` runs npm exec -> sh -> .bin/deno -> deno task
// -> .bin/deno again (deno task runs npm bins with Deno) -> deno run cli/….
// npm's shim waits in spawnSync and dies at once on Ctrl-C, so the prompt came
// back while the task was still finishing its batch and printing into the
// shell. This launcher starts the real binary and waits for it: Ctrl-C from
// the terminal reaches the whole foreground process group, so the task gets it
// first-hand and stops the way it does alone (batch in flight, KILLED, exit
// 130); this process ignores it, forwards SIGTERM/SIGHUP, and ends with the
// child's exit code or signal. Without a terminal a SIGINT sent to this process
// alone is forwarded, since nothing else will deliver it.
//
// It runs under Node.js (npx) and under Deno (deno task), so it uses only
// node: built-ins.

import { spawn } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { constants } from "node:os";
import process from "node:process";
import { fileURLToPath } from "node:url";

const here = dirname(realpathSync(fileURLToPath(import.meta.url)));
const pkg = join(here, "..", "node_modules", "deno");
const binary = join(pkg, process.platform === "win32" ? "deno.exe" : "deno");
const args = process.argv.slice(2);
const underDeno = typeof globalThis.Deno !== "undefined";
const [command, argv] = underDeno
  ? [process.execPath, args]
  : existsSync(binary)
  ? [binary, args]
  : [process.execPath, [join(pkg, "bin.cjs"), ...args]];

const child = spawn(command, argv, { stdio: "inherit" });
const fromTerminal = Boolean(process.stdin.isTTY || process.stdout.isTTY || process.stderr.isTTY);
const forward = (signal) => () => {
  try {
    child.kill(signal);
  } catch { /* already gone */ }
};
process.on("SIGINT", fromTerminal ? () => {} : forward("SIGINT"));
process.on("SIGTERM", forward("SIGTERM"));
process.on("SIGHUP", forward("SIGHUP"));
child.on("error", (err) => {
  process.stderr.write(`Cannot start deno (${command}): ${err.message}; run npm ci again\n`);
  process.exit(1);
});
child.on("exit", (code, signal) => {
  if (signal) {
    // End the way the child did (so a shell sees the signal), or with 128 + its number.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    setTimeout(() => process.exit(128 + (constants.signals[signal] ?? 0)), 200);
    return;
  }
  process.exit(code ?? 1);
});
