// deno-lint-ignore-file no-console -- a developer tool that reports on the terminal
/**
 * Makes sure the native binding of nodejs-polars for this platform is in
 * `node_modules`.
 *
 * npm installs the binding as an optional dependency, but it skips it without
 * a word when the Node.js that runs npm is older than the binding's `engines`
 * field (>= 22), as on Debian 12's Node 20. The project runs on Deno, whose
 * Node compatibility layer loads the binding fine, so the binding is fetched
 * from the npm registry with `npm pack` and unpacked where nodejs-polars looks
 * for it. On a Node >= 22 host npm has already installed it and this is a
 * no-op.
 *
 * Run by `deno task native`, which every task that reads data depends on.
 *
 * @module
 */

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Returns the name of the nodejs-polars binding package for this host. */
export function bindingPackageName(): string {
  const os = Deno.build.os;
  const arch = Deno.build.arch === "aarch64" ? "arm64" : "x64";
  if (os === "darwin") return `nodejs-polars-darwin-${arch}`;
  if (os === "windows") return `nodejs-polars-win32-${arch}-msvc`;
  if (os === "linux") {
    const musl = existsSync("/lib/ld-musl-x86_64.so.1") ||
      existsSync("/lib/ld-musl-aarch64.so.1");
    return `nodejs-polars-linux-${arch}-${musl ? "musl" : "gnu"}`;
  }
  throw new Error(`Cannot pick a nodejs-polars binding: unsupported OS "${os}"`);
}

async function run(cmd: string, args: string[], cwd?: string): Promise<void> {
  const out = await new Deno.Command(cmd, {
    args,
    ...(cwd ? { cwd } : {}),
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trim();
    throw new Error(`Cannot run "${cmd} ${args.join(" ")}": ${err}`);
  }
}

async function main(): Promise<number> {
  const root = join(import.meta.dirname ?? ".", "..");
  const polarsPkg = join(root, "node_modules", "nodejs-polars", "package.json");
  if (!existsSync(polarsPkg)) {
    console.error("nodejs-polars is not installed: run `npm ci` first");
    return 1;
  }
  const version = JSON.parse(readFileSync(polarsPkg, "utf8")).version as string;
  const name = bindingPackageName();
  const target = join(root, "node_modules", name);
  if (existsSync(join(target, "package.json"))) return 0;
  const tmp = await Deno.makeTempDir({ prefix: "polars-binding-" });
  try {
    const npm = Deno.build.os === "windows" ? "npm.cmd" : "npm";
    await run(npm, ["pack", `${name}@${version}`, "--silent", "--pack-destination", tmp], root);
    const tgz = [...Deno.readDirSync(tmp)].find((e) => e.name.endsWith(".tgz"));
    if (!tgz) throw new Error(`Cannot install ${name}@${version}: npm pack gave no tarball`);
    await Deno.mkdir(target, { recursive: true });
    await run("tar", ["-xzf", join(tmp, tgz.name), "-C", target, "--strip-components=1"]);
    console.error(`installed ${name}@${version} (npm skipped it: engines)`);
    return 0;
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

if (import.meta.main) Deno.exit(await main());
