/**
 * Tags that describe where a run ran: the project's git commit and the host.
 *
 * @module
 */

/** The tag MLflow's UI shows as the run's git commit. */
export const GIT_COMMIT_TAG = "mlflow.source.git.commit";
/** The tag naming the kind of run (zero-shot, finetune, …). */
export const RUN_KIND_TAG = "chronos.run_kind";

/**
 * The project's git commit (`git rev-parse HEAD`), or "unknown" when git,
 * the repository or the permission to run it is missing.
 *
 * @param cwd the folder to ask in @default the current folder
 * @returns a 40-hex commit id, or "unknown"
 * @example Usage
 * ```ts
 * import { gitCommit } from "@chronos-deno/chronos-deno/tracking";
 * const c = await gitCommit();
 * if (c !== "unknown" && !/^[0-9a-f]{40}$/.test(c)) throw new Error();
 * ```
 */
export async function gitCommit(cwd?: string): Promise<string> {
  try {
    const out = await new Deno.Command("git", {
      args: ["rev-parse", "HEAD"],
      ...(cwd !== undefined ? { cwd } : {}),
      stdout: "piped",
      stderr: "null",
      stdin: "null",
    }).output();
    const commit = new TextDecoder().decode(out.stdout).trim();
    return out.success && /^[0-9a-f]{40,64}$/.test(commit) ? commit : "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * Tags describing the host: name, platform and Deno version ("unknown" for
 * what cannot be read without a permission).
 *
 * @returns `chronos.host`, `chronos.platform`, `chronos.deno`
 * @example Usage
 * ```ts
 * import { hostTags } from "@chronos-deno/chronos-deno/tracking";
 * if (!hostTags()["chronos.platform"]!.includes("-")) throw new Error();
 * ```
 */
export function hostTags(): Record<string, string> {
  let host = "unknown";
  try {
    host = Deno.hostname();
  } catch { /* no --allow-sys */ }
  return {
    "chronos.host": host,
    "chronos.platform": `${Deno.build.os}-${Deno.build.arch}`,
    "chronos.deno": Deno.version.deno,
  };
}

/**
 * The usual tags of a run: its kind, the git commit and the host.
 *
 * @param kind what the run is, e.g. "zero-shot", "finetune"
 * @param cwd where to ask git @default the current folder
 * @returns the tags
 * @example Usage
 * ```ts
 * import { runContextTags } from "@chronos-deno/chronos-deno/tracking";
 * const tags = await runContextTags("zero-shot");
 * if (tags["chronos.run_kind"] !== "zero-shot") throw new Error();
 * ```
 */
export async function runContextTags(kind: string, cwd?: string): Promise<Record<string, string>> {
  return { [RUN_KIND_TAG]: kind, [GIT_COMMIT_TAG]: await gitCommit(cwd), ...hostTags() };
}
