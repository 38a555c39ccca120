/**
 * File-system primitives of the file store: atomic writes (temp file +
 * rename), appends of whole lines, an exclusive lock file shared between
 * processes, and a recursive file walk.
 *
 * @module
 */

import { basename, dirname, join } from "node:path";

function tempName(path: string): string {
  const rand = crypto.randomUUID().slice(0, 8);
  return join(dirname(path), `.${basename(path)}.${Deno.pid}-${rand}.tmp`);
}

/**
 * Writes `data` to `path` atomically: readers see the old or the new content,
 * never a partial file. Parent folders are created.
 *
 * @param path the target
 * @param data text or bytes
 */
export async function atomicWrite(path: string, data: string | Uint8Array): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const tmp = tempName(path);
  try {
    if (typeof data === "string") await Deno.writeTextFile(tmp, data);
    else await Deno.writeFile(tmp, data);
    await Deno.rename(tmp, path);
  } catch (err) {
    await Deno.remove(tmp).catch(() => {});
    throw err;
  }
}

/**
 * Copies a file atomically (temp copy + rename).
 *
 * @param from the source file
 * @param to the target
 */
export async function atomicCopy(from: string, to: string): Promise<void> {
  await Deno.mkdir(dirname(to), { recursive: true });
  const tmp = tempName(to);
  try {
    await Deno.copyFile(from, tmp);
    await Deno.rename(tmp, to);
  } catch (err) {
    await Deno.remove(tmp).catch(() => {});
    throw err;
  }
}

/**
 * Appends one line with a single `O_APPEND` write, so that lines from two
 * writers never interleave.
 *
 * @param path the file (created when missing)
 * @param line the text, ending in a newline
 */
export async function appendLine(path: string, line: string): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  await Deno.writeTextFile(path, line, { append: true, create: true });
}

/** Options of {@linkcode withLock}. */
export interface LockOptions {
  /** Give up after this long. @default 30000 */
  timeoutMs?: number;
  /** A lock file older than this is considered left by a dead process and broken. @default 60000 */
  staleMs?: number;
}

/**
 * Runs `fn` while holding an exclusive lock file (created with `O_EXCL`),
 * which serialises writers across processes and within one.
 *
 * @param lockPath the lock file
 * @param fn the critical section
 * @param options timeouts
 * @returns what `fn` returns
 * @throws {Deno.errors.TimedOut} when the lock cannot be taken in time
 */
export async function withLock<T>(
  lockPath: string,
  fn: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const staleMs = options.staleMs ?? 60_000;
  const start = Date.now();
  let wait = 2;
  for (;;) {
    try {
      const f = await Deno.open(lockPath, { write: true, createNew: true });
      try {
        await f.write(new TextEncoder().encode(`${Deno.pid} ${Date.now()}\n`));
      } finally {
        f.close();
      }
      break;
    } catch (err) {
      if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
    }
    const info = await Deno.stat(lockPath).catch(() => undefined);
    if (info?.mtime && Date.now() - info.mtime.getTime() > staleMs) {
      await Deno.remove(lockPath).catch(() => {});
      continue;
    }
    if (Date.now() - start > timeoutMs) {
      throw new Deno.errors.TimedOut(
        `Cannot lock "${lockPath}" within ${timeoutMs} ms: another process holds it; ` +
          `delete the file if no process is logging`,
      );
    }
    await new Promise((r) => setTimeout(r, wait + Math.random() * wait));
    wait = Math.min(wait * 2, 50);
  }
  try {
    return await fn();
  } finally {
    await Deno.remove(lockPath).catch(() => {});
  }
}

/**
 * Lists the files under `dir` recursively, as `/`-separated relative paths,
 * sorted; temp files (`.….tmp`) are skipped. A missing folder gives `[]`.
 *
 * @param dir the folder
 * @returns relative file paths
 */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(rel: string): Promise<void> {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(rel === "" ? dir : join(dir, rel)));
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return;
      throw err;
    }
    for (const e of entries) {
      const r = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory) await walk(r);
      else if (!(e.name.startsWith(".") && e.name.endsWith(".tmp"))) out.push(r);
    }
  }
  await walk("");
  return out.sort();
}

/**
 * Reads a text file, or returns `undefined` when it does not exist.
 *
 * @param path the file
 * @returns its content
 */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
}
