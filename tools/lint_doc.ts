// deno-lint-ignore-file no-console -- a developer tool that reports on the terminal
/**
 * Documentation check over the whole public face: `deno doc --lint` on every
 * entry point named in deno.json "exports", in one run, so a type exported by
 * any subpath counts as public (as JSR sees the package) and a new subpath is
 * checked without editing a list.
 *
 * @module
 */

import { join } from "node:path";

/**
 * The entry points of a deno.json "exports" field, as paths relative to the root.
 *
 * @param exports the field: one path, or subpath → path
 * @returns the paths, without duplicates, in the order given
 */
export function entryPoints(exports: string | Record<string, string>): string[] {
  const paths = typeof exports === "string" ? [exports] : Object.values(exports);
  return [...new Set(paths.map((p) => p.replace(/^\.\//, "")))];
}

async function main(): Promise<number> {
  const root = join(import.meta.dirname ?? ".", "..");
  const config = JSON.parse(await Deno.readTextFile(join(root, "deno.json")));
  const paths = entryPoints(config.exports ?? "./mod.ts");
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--lint", ...paths],
    cwd: root,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (code === 0) console.error(`deno doc --lint: ${paths.length} entry points clean`);
  return code;
}

if (import.meta.main) Deno.exit(await main());
