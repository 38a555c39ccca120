/**
 * Where a run came from, for its tags: the git commit of the project checkout
 * and the host name. Read without spawning processes (git's files are read
 * directly), and never failing: what cannot be found is left out.
 *
 * @module
 */

/**
 * Finds the commit checked out in the git work tree containing `dir`, by
 * reading `.git/HEAD` and the ref it names (loose or packed).
 *
 * @param dir a folder inside the work tree
 * @returns the 40-hex commit id, or undefined when none is found
 * @example Usage
 * ```ts
 * import { gitCommit } from "./run_context.ts";
 * import { ok } from "node:assert/strict";
 * const c = await gitCommit("/");
 * ok(c === undefined || /^[0-9a-f]{40}$/.test(c));
 * ```
 */
export async function gitCommit(dir: string = Deno.cwd()): Promise<string | undefined> {
  let d = dir.replace(/\/+$/, "") || "/";
  for (;;) {
    const gitDir = await resolveGitDir(`${d === "/" ? "" : d}/.git`);
    if (gitDir) return await headCommit(gitDir);
    const parent = d.replace(/\/[^/]*$/, "") || "/";
    if (parent === d) return undefined;
    d = parent;
  }
}

/**
 * The tags every zero-shot run carries: run kind, git commit (also under
 * MLflow's own `mlflow.source.git.commit`) and host.
 *
 * @param runKind e.g. "zero-shot"
 * @param dir a folder inside the project checkout
 * @returns tag name → value
 * @example Usage
 * ```ts
 * import { runContextTags } from "./run_context.ts";
 * import { equal } from "node:assert/strict";
 * const tags = await runContextTags("zero-shot");
 * equal(tags.run_kind, "zero-shot");
 * ```
 */
export async function runContextTags(
  runKind: string,
  dir: string = Deno.cwd(),
): Promise<Record<string, string>> {
  const tags: Record<string, string> = { "run_kind": runKind };
  const commit = await gitCommit(dir).catch(() => undefined);
  if (commit) {
    tags.git_commit = commit;
    tags["mlflow.source.git.commit"] = commit;
  }
  try {
    tags.host = Deno.hostname();
  } catch {
    // no --allow-sys: leave the host out
  }
  return tags;
}

async function resolveGitDir(path: string): Promise<string | undefined> {
  try {
    const info = await Deno.stat(path);
    if (info.isDirectory) return path;
    // a worktree or submodule: ".git" is a file "gitdir: <path>"
    const text = await Deno.readTextFile(path);
    const m = /^gitdir:\s*(.+)$/m.exec(text);
    if (!m) return undefined;
    const target = m[1]!.trim();
    return target.startsWith("/") ? target : `${path.replace(/\/\.git$/, "")}/${target}`;
  } catch {
    return undefined;
  }
}

async function headCommit(gitDir: string): Promise<string | undefined> {
  try {
    const head = (await Deno.readTextFile(`${gitDir}/HEAD`)).trim();
    if (/^[0-9a-f]{40}$/.test(head)) return head;
    const ref = /^ref:\s*(.+)$/.exec(head)?.[1];
    if (!ref) return undefined;
    const common = await commonDir(gitDir);
    for (const base of [gitDir, common]) {
      const loose = await Deno.readTextFile(`${base}/${ref}`).catch(() => undefined);
      if (loose && /^[0-9a-f]{40}/.test(loose.trim())) return loose.trim().slice(0, 40);
    }
    const packed = await Deno.readTextFile(`${common}/packed-refs`).catch(() => "");
    for (const line of packed.split("\n")) {
      const [id, name] = line.trim().split(" ");
      if (name === ref && id && /^[0-9a-f]{40}$/.test(id)) return id;
    }
    return undefined;
  } catch {
    return undefined;
  }
}

async function commonDir(gitDir: string): Promise<string> {
  const text = await Deno.readTextFile(`${gitDir}/commondir`).catch(() => undefined);
  if (!text) return gitDir;
  const p = text.trim();
  return p.startsWith("/") ? p : `${gitDir}/${p}`;
}
