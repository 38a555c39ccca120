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
}

/**
 * The default folder for a repository.
 *
 * @param repo e.g. "amazon/chronos-2"
 * @returns e.g. "models/foundation/chronos-2"
 * @example Usage
 * ```ts
 * import { defaultModelDir } from "./hub.ts";
 * if (defaultModelDir("amazon/chronos-2") !== "models/foundation/chronos-2") throw new Error();
 * ```
 */
export function defaultModelDir(repo: string): string {
  return `models/foundation/${repo.split("/").pop()}`;
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
 * Downloads the model files into a folder (resuming, verifying).
 *
 * @param options repository, revision, folder, endpoint, token, progress
 * @returns the folder
 * @throws {DownloadError} on HTTP errors, an interrupted transfer (run again to resume) or a checksum mismatch
 * @example Usage
 * ```ts ignore
 * const dir = await downloadModel({ repo: "amazon/chronos-2" });
 * ```
 */
export async function downloadModel(options: DownloadOptions = {}): Promise<string> {
  const repo = options.repo ?? "amazon/chronos-2";
  const revision = options.revision ?? "main";
  const dir = options.dir ?? defaultModelDir(repo);
  const endpoint = (options.endpoint ?? env("HF_ENDPOINT") ?? "https://huggingface.co").replace(
    /\/+$/,
    "",
  );
  const token = options.token ?? env("HF_TOKEN");
  const doFetch = options.fetch ?? globalThis.fetch;
  await Deno.mkdir(dir, { recursive: true });
  for (const file of options.files ?? ["config.json", "model.safetensors"]) {
    const url = `${endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${file}`;
    const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    let head: Response;
    try {
      head = await doFetch(url, { method: "HEAD", headers: auth, redirect: "manual" });
      await head.body?.cancel();
    } catch (err) {
      throw new DownloadError(
        url,
        `Cannot reach "${url}": ${(err as Error).message}; check the network or HF_ENDPOINT`,
        { cause: err },
      );
    }
    if (head.status === 401 || head.status === 403) {
      throw new DownloadError(
        url,
        `The hub refused "${url}" (HTTP ${head.status}): set HF_TOKEN to a token with access to "${repo}"`,
      );
    }
    if (head.status === 404) {
      throw new DownloadError(
        url,
        `Cannot find "${file}" in "${repo}" at revision "${revision}" (HTTP 404): check --repo and --revision`,
      );
    }
    const sha = expectedSha(head.headers);
    const target = `${dir}/${file}`;
    const part = `${target}.part`;
    let have = 0;
    try {
      have = (await Deno.stat(part)).size;
    } catch { /* no partial file */ }
    const headers: Record<string, string> = {
      ...auth,
      ...(have > 0 ? { range: `bytes=${have}-` } : {}),
    };
    let res: Response;
    try {
      res = await doFetch(url, { headers });
    } catch (err) {
      throw new DownloadError(
        url,
        `Cannot download "${url}": ${(err as Error).message}; run again to resume`,
        { cause: err },
      );
    }
    if (res.status === 416) {
      await res.body?.cancel();
      have = 0;
      await Deno.remove(part).catch(() => {});
      res = await doFetch(url, { headers: auth });
    }
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      throw new DownloadError(url, `Cannot download "${url}": HTTP ${res.status}`);
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
      throw new DownloadError(
        url,
        `The transfer of "${file}" was interrupted after ${received} bytes: ${
          (err as Error).message
        }; run again to resume`,
        { cause: err },
      );
    } finally {
      out.close();
    }
    if (total > 0 && received !== total) {
      throw new DownloadError(
        url,
        `The transfer of "${file}" stopped at ${received} of ${total} bytes; run again to resume`,
      );
    }
    if (sha) {
      const got = await sha256File(part);
      if (got !== sha) {
        await Deno.remove(part).catch(() => {});
        throw new DownloadError(
          url,
          `Checksum mismatch for "${file}": the hub reports sha256 ${sha}, the download has ${got}; the partial file was removed, run again`,
        );
      }
    }
    await Deno.rename(part, target);
  }
  return dir;
}
