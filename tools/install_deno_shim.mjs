// package.json postinstall: makes node_modules/.bin/deno the project's
// launcher (tools/deno_shim.mjs), which waits for deno and lets Ctrl-C reach
// the running task first-hand. POSIX only; on Windows npm's own shim stays.
// Atomic (symlink to a temporary name, then rename) so that a concurrent
// `npx deno` never finds the file missing.

import { chmodSync, existsSync, renameSync, symlinkSync, unlinkSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const shim = join(root, "tools", "deno_shim.mjs");
const bin = join(root, "node_modules", ".bin", "deno");
if (process.platform !== "win32" && existsSync(join(root, "node_modules", "deno"))) {
  chmodSync(shim, 0o755);
  const tmp = `${bin}.${process.pid}.tmp`;
  if (existsSync(tmp)) unlinkSync(tmp);
  symlinkSync(relative(dirname(bin), shim), tmp);
  renameSync(tmp, bin);
}
