/**
 * Reads a `/proc` file. Deno asks for every permission (`--allow-all`) before
 * it reads `/proc` directly, so a task with narrow permissions reads it
 * through `cat` instead (which `--allow-run=cat` allows).
 *
 * @module
 */

/**
 * Reads a `/proc` file directly, else through `cat`.
 *
 * @param path e.g. `/proc/cpuinfo`
 * @returns the text, or `null` when neither way works (missing file, no permission)
 */
export async function readProcFile(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    // NotCapable without --allow-all, or missing
  }
  try {
    const out = await new Deno.Command("cat", {
      args: [path],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
      signal: AbortSignal.timeout(5_000),
    }).output();
    return out.success ? new TextDecoder().decode(out.stdout) : null;
  } catch {
    return null;
  }
}
