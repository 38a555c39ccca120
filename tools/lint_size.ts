// deno-lint-ignore-file no-console -- a developer tool that reports on the terminal
/**
 * Size budget (teenygrad's sz.py lesson): fails when a hand-written `.ts`
 * file grows past the limit, unless it is on the allow-list below with a
 * reason.
 *
 * @module
 */

import { join, relative } from "node:path";

const LIMIT = 400;
const ROOTS = ["lib", "models", "kernels", "cli", "tools", "mod.ts"];
/** Files allowed over the limit, with the reason. */
const ALLOW: Record<string, string> = {};

function* walk(path: string): Generator<string> {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch {
    return;
  }
  if (info.isFile) {
    if (path.endsWith(".ts")) yield path;
    return;
  }
  for (const entry of Deno.readDirSync(path)) yield* walk(join(path, entry.name));
}

function main(): number {
  const root = join(import.meta.dirname ?? ".", "..");
  const over: string[] = [];
  for (const r of ROOTS) {
    for (const file of walk(join(root, r))) {
      const rel = relative(root, file);
      const lines = Deno.readTextFileSync(file).split("\n").length;
      if (lines > LIMIT && !(rel in ALLOW)) over.push(`${rel}: ${lines} lines (limit ${LIMIT})`);
    }
  }
  for (const line of over) console.error(line);
  if (over.length) {
    console.error("Split these files, or add them to ALLOW in tools/lint_size.ts with a reason");
  }
  return over.length ? 1 : 0;
}

if (import.meta.main) Deno.exit(main());
