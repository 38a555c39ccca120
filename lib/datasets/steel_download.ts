/**
 * Downloads the UCI steel archive, unzips it, checks header, row count and
 * sha256, and caches the CSV. Nothing is written unless every check passes,
 * and the file appears in the cache atomically (temporary file + rename).
 *
 * @module
 */

import { DownloadError } from "../errors.ts";
import { clip } from "../net/clip.ts";
import { errorBody } from "../net/error_body.ts";
import { HttpError, httpRequest, type HttpResponse } from "../net/http.ts";
import { redactUrl } from "../net/redact.ts";
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
  /** Overall limit for the whole download (tries and transfer), in ms. @default 120000 */
  deadlineMs?: number;
  /** Retries on connection errors, 429 and 5xx. @default 2 */
  retries?: number;
  /** Cancels the download (e.g. on Ctrl-C). */
  signal?: AbortSignal;
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
 * import { downloadSteelData } from "@chronos-deno/chronos-deno/datasets";
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
        redactUrl(url),
        `Cannot find ${STEEL_FILE_NAME} in the archive from "${redactUrl(url)}": it holds ${
          clip(entries.map((e) => `"${e.name}"`).join(", "), 300) || "nothing"
        }; ${SUPPLY_HINT}`,
      );
    }
    csv = await extractZipEntry(zip, entry);
  } catch (err) {
    if (err instanceof DownloadError) throw err;
    throw new DownloadError(
      redactUrl(url),
      `The archive from "${redactUrl(url)}" is corrupt (${
        clip(err instanceof Error ? err.message : String(err), 300)
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
 * import { sha256Hex } from "@chronos-deno/chronos-deno/datasets";
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
  const deadlineMs = options.deadlineMs ?? 120_000;
  const shown = redactUrl(url);
  const fail = (what: string, cause?: unknown) =>
    new DownloadError(shown, `Cannot download "${shown}": ${what}; ${SUPPLY_HINT}`, { cause });
  const why = (err: HttpError, received?: number) =>
    err.reason === "timeout"
      ? `no answer within ${timeoutMs} ms (offline?)`
      : err.reason === "stalled"
      ? `the download stalled for ${timeoutMs} ms after ${received} bytes`
      : err.reason === "deadline"
      ? `the download did not finish within ${deadlineMs} ms${
        received === undefined ? "" : ` (${received} bytes received)`
      }`
      : err.reason === "aborted"
      ? "the download was cancelled"
      : received === undefined
      ? `the server cannot be reached (${err.message.replace(/^Cannot reach "[^"]*": /, "")})`
      : `the download broke off after ${received} bytes (truncated)`;
  let res: HttpResponse;
  try {
    res = await httpRequest(url, {
      timeoutMs,
      idleTimeoutMs: timeoutMs,
      deadlineMs,
      retries: options.retries ?? 2,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    throw err instanceof HttpError ? fail(why(err), err) : err;
  }
  if (!res.ok || !res.body) {
    const body = await errorBody(res, { maxChars: 200 });
    throw fail(`the server answered ${res.status}${body ? `: ${body}` : ""}`);
  }
  const lengthHeader = res.headers.get("content-length");
  const total = lengthHeader === null ? undefined : Number(lengthHeader);
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for await (const value of res.body) {
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
    if (!(err instanceof HttpError)) throw err;
    throw fail(
      err.reason === "network" && total !== undefined
        ? `the download broke off after ${received} bytes of ${total} (truncated)`
        : why(err, received),
      err,
    );
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

async function verifyCsv(url: string, csv: Uint8Array, options: DownloadSteelOptions) {
  const fail = (what: string) =>
    new DownloadError(
      redactUrl(url),
      `The ${STEEL_FILE_NAME} from "${redactUrl(url)}" ${what}; ${SUPPLY_HINT}`,
    );
  const head = new TextDecoder().decode(csv.subarray(0, 4096)).replace(/^\uFEFF/, "");
  const header = head.split(/\r?\n/, 1)[0]!;
  if (header !== STEEL_HEADER.join(",")) {
    throw fail(`has an unexpected header: "${clip(header, 120)}"`);
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
