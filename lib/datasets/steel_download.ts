/**
 * Downloads the UCI steel archive, unzips it, checks header, row count and
 * sha256, and caches the CSV. Nothing is written unless every check passes,
 * and the file appears in the cache atomically (temporary file + rename).
 *
 * @module
 */

import { DownloadError } from "../errors.ts";
import { STEEL_HEADER, STEEL_ROWS } from "./steel.ts";
import { extractZipEntry, listZipEntries } from "../data/zip.ts";

/** Where UCI distributes the dataset (id 851). */
export const STEEL_ZIP_URL =
  "https://archive.ics.uci.edu/static/public/851/steel+industry+energy+consumption.zip";
/** sha256 of the canonical `Steel_industry_data.csv`. */
export const STEEL_SHA256 = "9b1cee6f9cb9cd9df2b95814ca90a9a2ff15b7f5f1fba0fae3c643e82072eacc";
/** The CSV's name inside the archive and in the cache. */
export const STEEL_FILE_NAME = "Steel_industry_data.csv";
/** The git-ignored cache folder, relative to the working directory. */
export const DEFAULT_CACHE_DIR = ".cache/data";

/** How to supply the file without network, appended to download errors. */
export const SUPPLY_HINT: string = `supply a local copy of ${STEEL_FILE_NAME} with --data PATH ` +
  "or the STEEL_DATA environment variable";

/** Progress of a download. */
export interface DownloadProgress {
  /** Bytes received so far. */
  receivedBytes: number;
  /** Total size when the server announced it. */
  totalBytes?: number;
}

/** Options of {@linkcode downloadSteelData}. */
export interface DownloadSteelOptions {
  /** Archive URL. @default STEEL_ZIP_URL */
  url?: string;
  /** Cache folder. @default ".cache/data" */
  cacheDir?: string;
  /** Milliseconds to wait for the server's answer (and between chunks) before giving up. @default 10000 */
  timeoutMs?: number;
  /** Expected sha256 (hex) of the CSV. @default STEEL_SHA256 */
  expectedSha256?: string;
  /** Expected number of data rows. @default 35040 */
  expectedRows?: number;
  /** Called as bytes arrive. */
  onProgress?: (progress: DownloadProgress) => void;
  /** The fetch to use (tests). @default globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * Downloads, unzips, verifies and caches the steel CSV.
 *
 * @param options URL, cache folder, timeout, expected checksum and rows, progress callback
 * @returns the path of the cached CSV
 * @throws {DownloadError} when the server cannot be reached in time, answers with an error,
 *   the download is truncated, the archive is corrupt or lacks the CSV, or the CSV fails the
 *   header, row count or sha256 check; the message says how to supply the file instead
 * @example Usage
 * ```ts ignore
 * import { downloadSteelData } from "./steel_download.ts";
 * const path = await downloadSteelData({ onProgress: (p) => console.error(p.receivedBytes) });
 * ```
 */
export async function downloadSteelData(options: DownloadSteelOptions = {}): Promise<string> {
  const url = options.url ?? STEEL_ZIP_URL;
  const zip = await fetchBytes(url, options);
  let csv: Uint8Array;
  try {
    const entries = listZipEntries(zip);
    const entry = entries.find((e) => e.name.split("/").pop() === STEEL_FILE_NAME) ??
      (entries.filter((e) => e.name.endsWith(".csv")).length === 1
        ? entries.find((e) => e.name.endsWith(".csv"))
        : undefined);
    if (!entry) {
      throw new DownloadError(
        url,
        `Cannot find ${STEEL_FILE_NAME} in the archive from "${url}": it holds ${
          entries.map((e) => `"${e.name}"`).join(", ") || "nothing"
        }; ${SUPPLY_HINT}`,
      );
    }
    csv = await extractZipEntry(zip, entry);
  } catch (err) {
    if (err instanceof DownloadError) throw err;
    throw new DownloadError(
      url,
      `The archive from "${url}" is corrupt (${
        err instanceof Error ? err.message : String(err)
      }): try again, or ${SUPPLY_HINT}`,
      { cause: err },
    );
  }
  await verifyCsv(url, csv, options);
  const dir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  await Deno.mkdir(dir, { recursive: true });
  const target = `${dir}/${STEEL_FILE_NAME}`;
  const temp = `${dir}/.${STEEL_FILE_NAME}.${crypto.randomUUID().slice(0, 8)}.part`;
  try {
    await Deno.writeFile(temp, csv);
    await Deno.rename(temp, target);
  } catch (err) {
    await Deno.remove(temp).catch(() => {});
    throw err;
  }
  return target;
}

/**
 * The sha256 of some bytes, as lowercase hex.
 *
 * @param bytes the data
 * @returns 64 hex digits
 * @example Usage
 * ```ts
 * import { sha256Hex } from "./steel_download.ts";
 * import assert from "node:assert/strict";
 * assert.equal((await sha256Hex(new Uint8Array(0))).slice(0, 8), "e3b0c442");
 * ```
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function fetchBytes(url: string, options: DownloadSteelOptions): Promise<Uint8Array> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch = options.fetch ?? fetch;
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(), timeoutMs);
  const fail = (what: string, cause?: unknown) =>
    new DownloadError(url, `Cannot download "${url}": ${what}; ${SUPPLY_HINT}`, { cause });
  let res: Response;
  try {
    res = await doFetch(url, { signal: controller.signal });
  } catch (err) {
    clearTimeout(timer);
    throw controller.signal.aborted
      ? fail(`no answer within ${timeoutMs} ms (offline?)`, err)
      : fail(`the server cannot be reached (${describe(err)})`, err);
  }
  if (!res.ok || !res.body) {
    clearTimeout(timer);
    await res.body?.cancel().catch(() => {});
    throw fail(`the server answered ${res.status} ${res.statusText}`.trim());
  }
  const lengthHeader = res.headers.get("content-length");
  const total = lengthHeader === null ? undefined : Number(lengthHeader);
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = res.body.getReader();
  try {
    while (true) {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(), timeoutMs);
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      options.onProgress?.(
        total === undefined ? { receivedBytes: received } : {
          receivedBytes: received,
          totalBytes: total,
        },
      );
    }
  } catch (err) {
    await reader.cancel().catch(() => {});
    throw fail(
      controller.signal.aborted
        ? `the download stalled for ${timeoutMs} ms after ${received} bytes`
        : `the download broke off after ${received} bytes${
          total === undefined ? "" : ` of ${total}`
        } (truncated)`,
      err,
    );
  } finally {
    clearTimeout(timer);
  }
  if (total !== undefined && received !== total) {
    throw fail(`the download is truncated: ${received} of ${total} bytes`);
  }
  const out = new Uint8Array(received);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message.split("\n")[0]}` : "";
  return `${err.message}${cause}`;
}

async function verifyCsv(url: string, csv: Uint8Array, options: DownloadSteelOptions) {
  const fail = (what: string) =>
    new DownloadError(url, `The ${STEEL_FILE_NAME} from "${url}" ${what}; ${SUPPLY_HINT}`);
  const head = new TextDecoder().decode(csv.subarray(0, 4096)).replace(/^\uFEFF/, "");
  const header = head.split(/\r?\n/, 1)[0]!;
  if (header !== STEEL_HEADER.join(",")) {
    throw fail(`has an unexpected header: "${header.slice(0, 120)}"`);
  }
  let lines = 0;
  for (let i = 0; i < csv.length; i++) if (csv[i] === 10) lines++;
  if (csv.length > 0 && csv[csv.length - 1] !== 10) lines++;
  const rows = lines - 1;
  const expectedRows = options.expectedRows ?? STEEL_ROWS;
  if (rows !== expectedRows) throw fail(`has ${rows} data rows, expected ${expectedRows}`);
  const sha = await sha256Hex(csv);
  const expected = (options.expectedSha256 ?? STEEL_SHA256).toLowerCase();
  if (sha !== expected) throw fail(`has sha256 ${sha}, expected ${expected}`);
}
