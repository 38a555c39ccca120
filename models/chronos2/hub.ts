/**
 * Downloading a model from the Hugging Face hub: `config.json` and
 * `model.safetensors` from `<endpoint>/<repo>/resolve/<revision>/<file>`,
 * honouring `HF_ENDPOINT` and `HF_TOKEN`, resuming a partial download
 * (`<file>.part`, HTTP Range) and verifying the SHA-256 the hub reports for
 * LFS files (`x-linked-etag`, or an `etag` that is a SHA-256).
 *
 * @module
 */

import { DownloadError } from "../../lib/errors.ts";
import { clip } from "../../lib/net/clip.ts";
import { errorBody } from "../../lib/net/error_body.ts";
import { HttpError, httpRequest, type HttpResponse } from "../../lib/net/http.ts";
import { redactSecrets } from "../../lib/net/redact.ts";
import { checkPathSegment, pathInside } from "../../lib/paths/inside_folder.ts";

/** Options of {@link downloadModel}. */
export interface DownloadOptions {
  /** Hub repository. @default "amazon/chronos-2" */
  repo?: string;
  /** Branch, tag or commit. @default "main" */
  revision?: string;
  /** Target folder. @default "models/foundation/<repo name>" */
  dir?: string;
  /** Hub base URL. @default env HF_ENDPOINT, else "https://huggingface.co" */
  endpoint?: string;
  /** Access token. @default env HF_TOKEN */
  token?: string;
  /** Files to fetch. @default ["config.json", "model.safetensors"] */
  files?: string[];
  /** Progress: bytes received of total (total 0 when unknown). */
  onProgress?: (file: string, received: number, total: number) => void;
  /** Injected fetch (tests). @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Milliseconds to wait for each answer (connecting included). @default 30000 */
  timeoutMs?: number;
  /** Longest silence between two chunks of a file, in ms. @default 60000 */
  idleTimeoutMs?: number;
  /**
   * Overall limit per file (all tries and the whole transfer), in ms.
   * @default 10 minutes plus the file's size at 50 kB/s (at most 6 hours more)
   */
  deadlineMs?: number;
  /** Retries of each request on connection errors, 429 and 5xx. @default 3 */
  retries?: number;
  /** Cancels the download (e.g. on Ctrl-C); the partial file stays for a resume. */
  signal?: AbortSignal;
}

/**
 * Checks a hub repository id (`owner/name`) the way the hub names them, so
 * that its name is safe as a folder name.
 *
 * @param repo e.g. "amazon/chronos-2"
 * @returns the id
 * @throws {RangeError} when it is not `owner/name` with letters, digits, `-`, `_`, `.`
 *   (no `..`/`--`, not starting or ending with `.` or `-`, at most 96 characters each)
 * @example Usage
 * ```ts
 * import { checkRepoId } from "@chronos-deno/chronos-deno/chronos2";
 * import assert from "node:assert/strict";
 * assert.equal(checkRepoId("amazon/chronos-2"), "amazon/chronos-2");
 * assert.throws(() => checkRepoId("t/.."), RangeError);
 * ```
 */
export function checkRepoId(repo: string): string {
  const parts = repo.split("/");
  const ok = parts.length === 2 &&
    parts.every((p) =>
      /^[A-Za-z0-9](?:[\w.-]{0,94}[A-Za-z0-9_])?$/.test(p) && !p.includes("..") &&
      !p.includes("--")
    );
  if (!ok) {
    throw new RangeError(
      `Cannot use "${clip(repo, 100)}" as a hub repository: give "owner/name" with letters, ` +
        'digits, "-", "_" or "." (no ".." or "--"), e.g. "amazon/chronos-2"',
    );
  }
  return repo;
}

/**
 * The default folder for a repository.
 *
 * @param repo e.g. "amazon/chronos-2"
 * @returns e.g. "models/foundation/chronos-2"
 * @throws {RangeError} when the id is not a valid `owner/name` ({@linkcode checkRepoId})
 * @example Usage
 * ```ts
 * import { defaultModelDir } from "@chronos-deno/chronos-deno/chronos2";
 * if (defaultModelDir("amazon/chronos-2") !== "models/foundation/chronos-2") throw new Error();
 * ```
 */
export function defaultModelDir(repo: string): string {
  const name = checkRepoId(repo).split("/")[1]!;
  return `models/foundation/${checkPathSegment(name, "repository name")}`;
}

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined;
  }
}

async function sha256File(path: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
  return Array.from(new Uint8Array(digest), (x) => x.toString(16).padStart(2, "0")).join("");
}

function expectedSha(headers: Headers): string | undefined {
  for (const h of ["x-linked-etag", "etag"]) {
    const v = headers.get(h)?.replace(/^W\//, "").replaceAll('"', "").toLowerCase();
    if (v && /^[0-9a-f]{64}$/.test(v)) return v;
  }
  return undefined;
}

/**
 * Downloads the model files into a folder (resuming, verifying). Every
 * request has a time limit, each file an overall deadline, and the signal
 * cancels at once, leaving the partial file for a later resume.
 *
 * @param options repository, revision, folder, endpoint, token, limits, signal, progress
 * @returns the folder
 * @throws {RangeError} when the repository id or a file name is not safe as a path
 * @throws {DownloadError} on HTTP errors, an interrupted, stalled or too slow transfer (run
 *   again to resume), a cancellation or a checksum mismatch; URLs and messages carry no token
 * @example Usage
 * ```ts ignore
 * const dir = await downloadModel({ repo: "amazon/chronos-2" });
 * ```
 */
export async function downloadModel(options: DownloadOptions = {}): Promise<string> {
  const repo = checkRepoId(options.repo ?? "amazon/chronos-2");
  const revision = options.revision ?? "main";
  const dir = options.dir ?? defaultModelDir(repo);
  const endpoint = (options.endpoint ?? env("HF_ENDPOINT") ?? "https://huggingface.co").replace(
    /\/+$/,
    "",
  );
  const token = options.token ?? env("HF_TOKEN");
  const files = options.files ?? ["config.json", "model.safetensors"];
  const targets = files.map((f) => pathInside(dir, f));
  await Deno.mkdir(dir, { recursive: true });
  for (const [i, file] of files.entries()) {
    await downloadFile(`${endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${file}`, {
      file,
      target: targets[i]!,
      repo,
      revision,
      token,
      options,
    });
  }
  return dir;
}

interface FileJob {
  file: string;
  target: string;
  repo: string;
  revision: string;
  token: string | undefined;
  options: DownloadOptions;
}

async function downloadFile(url: string, job: FileJob): Promise<void> {
  const { file, options, token } = job;
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const started = Date.now();
  // Until the size is known: 10 minutes; then 10 minutes plus the size at 50 kB/s.
  let deadline = started + (options.deadlineMs ?? 600_000);
  const secrets = [token];
  const request = (headers: Record<string, string>, method: "GET" | "HEAD") =>
    httpRequest(url, {
      method,
      headers,
      redirect: method === "HEAD" ? "manual" : "follow",
      timeoutMs: options.timeoutMs ?? 30_000,
      idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
      deadlineMs: Math.max(0, deadline - Date.now()),
      retries: options.retries ?? 3,
      secrets,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  const fail = (err: unknown, what: string): never => {
    if (err instanceof HttpError) {
      const hint = err.reason === "aborted"
        ? "run again to resume"
        : err.reason === "network"
        ? "check the network or HF_ENDPOINT, then run again to resume"
        : "run again to resume, or raise the limit";
      throw new DownloadError(err.url, `${what}: ${err.message}; ${hint}`, { cause: err });
    }
    throw err;
  };
  const shownUrl = redactSecrets(url, secrets);
  let head: HttpResponse;
  try {
    head = await request(auth, "HEAD");
    await head.cancel();
  } catch (err) {
    return fail(err, `Cannot download "${file}" of "${job.repo}"`);
  }
  if (head.status === 401 || head.status === 403) {
    throw new DownloadError(
      shownUrl,
      `The hub refused "${shownUrl}" (HTTP ${head.status}): set HF_TOKEN to a token with access to "${job.repo}"`,
    );
  }
  if (head.status === 404) {
    throw new DownloadError(
      shownUrl,
      `Cannot find "${file}" in "${job.repo}" at revision "${
        clip(job.revision, 80)
      }" (HTTP 404): check --repo and --revision`,
    );
  }
  const sha = expectedSha(head.headers);
  const size = Number(head.headers.get("x-linked-size") ?? head.headers.get("content-length") ?? 0);
  if (options.deadlineMs === undefined && Number.isFinite(size) && size > 0) {
    deadline = started + 600_000 + Math.min(size / 50, 6 * 3_600_000);
  }
  const part = `${job.target}.part`;
  let have = 0;
  try {
    have = (await Deno.stat(part)).size;
  } catch { /* no partial file */ }
  let res: HttpResponse;
  try {
    res = await request({ ...auth, ...(have > 0 ? { range: `bytes=${have}-` } : {}) }, "GET");
    if (res.status === 416) {
      await res.cancel();
      have = 0;
      await Deno.remove(part).catch(() => {});
      res = await request(auth, "GET");
    }
  } catch (err) {
    return fail(err, `Cannot download "${file}" of "${job.repo}"`);
  }
  if (!res.ok || !res.body) {
    const body = await errorBody(res, { secrets });
    throw new DownloadError(
      shownUrl,
      `Cannot download "${shownUrl}": HTTP ${res.status}${body ? `: ${body}` : ""}`,
    );
  }
  const append = res.status === 206 && have > 0;
  if (!append) have = 0;
  const length = Number(res.headers.get("content-length") ?? 0);
  const total = length > 0
    ? have + length
    : Number(head.headers.get("x-linked-size") ?? head.headers.get("content-length") ?? 0);
  const out = await Deno.open(part, { create: true, write: true, append, truncate: !append });
  let received = have;
  try {
    for await (const chunk of res.body) {
      let off = 0;
      while (off < chunk.length) off += await out.write(chunk.subarray(off));
      received += chunk.length;
      options.onProgress?.(file, received, total);
    }
  } catch (err) {
    fail(err, `The transfer of "${file}" was interrupted`);
  } finally {
    out.close();
  }
  if (total > 0 && received !== total) {
    throw new DownloadError(
      shownUrl,
      `The transfer of "${file}" stopped at ${received} of ${total} bytes; run again to resume`,
    );
  }
  if (sha) {
    const got = await sha256File(part);
    if (got !== sha) {
      await Deno.remove(part).catch(() => {});
      throw new DownloadError(
        shownUrl,
        `Checksum mismatch for "${file}": the hub reports sha256 ${sha}, the download has ${got}; the partial file was removed, run again`,
      );
    }
  }
  await Deno.rename(part, job.target);
}
