/**
 * The per-user runtime folder that graphics drivers look up before a WebGPU
 * adapter is requested. Without a valid `XDG_RUNTIME_DIR` the Wayland/Vulkan
 * loaders print `error: XDG_RUNTIME_DIR is invalid or not set` although
 * nothing is wrong; giving them a private folder (mode 0700, owned by the
 * user) is what they want, and then they say nothing.
 *
 * @module
 */

/** What {@linkcode ensureRuntimeDir} did. */
export type RuntimeDirResult = "kept" | "set" | "skipped";

/** Options of {@linkcode ensureRuntimeDir}. */
export interface RuntimeDirOptions {
  /** Folder to create when the variable is missing or invalid. @default `<tmp>/chronos-deno-runtime-<uid>` */
  fallback?: string;
}

/**
 * Makes sure `XDG_RUNTIME_DIR` names a folder owned by this user with mode
 * 0700, creating a private one and setting the variable in this process when
 * it does not. Never throws: without the permissions it needs it does nothing.
 *
 * @param options where to create the folder
 * @returns "kept" when the variable was already valid, "set" when it was set, "skipped" otherwise
 * @example Usage
 * ```ts
 * import { ensureRuntimeDir } from "./runtime_dir.ts";
 * import assert from "node:assert/strict";
 * assert.ok(["kept", "set", "skipped"].includes(ensureRuntimeDir()));
 * ```
 */
export function ensureRuntimeDir(options: RuntimeDirOptions = {}): RuntimeDirResult {
  try {
    if (Deno.build.os === "windows" || Deno.build.os === "darwin") return "skipped";
    const uid = Deno.uid();
    const current = Deno.env.get("XDG_RUNTIME_DIR");
    if (current && valid(current, uid)) return "kept";
    const tmp = Deno.env.get("TMPDIR") || "/tmp";
    const dir = options.fallback ?? `${tmp}/chronos-deno-runtime-${uid ?? "user"}`;
    try {
      Deno.mkdirSync(dir, { mode: 0o700 });
    } catch (err) {
      if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
    }
    if (!valid(dir, uid)) return "skipped";
    Deno.env.set("XDG_RUNTIME_DIR", dir);
    return "set";
  } catch {
    return "skipped";
  }
}

function valid(dir: string, uid: number | null): boolean {
  try {
    const st = Deno.statSync(dir);
    return st.isDirectory && (uid === null || st.uid === uid) && ((st.mode ?? 0) & 0o077) === 0;
  } catch {
    return false;
  }
}
