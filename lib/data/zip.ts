/**
 * A small zip reader: the central directory, stored and deflated entries
 * (through the platform's `DecompressionStream("deflate-raw")`), sizes and
 * CRC-32 checked. No zip64, no encryption: enough for the UCI archive.
 *
 * @module
 */

import { crc32 } from "./crc32.ts";

/** One file in a zip archive, as listed in its central directory. */
export interface ZipEntry {
  /** Path inside the archive. */
  name: string;
  /** Compression method: 0 stored, 8 deflate. */
  method: number;
  /** Size of the stored data. */
  compressedSize: number;
  /** Size after extraction. */
  size: number;
  /** CRC-32 of the extracted data. */
  crc32: number;
  /** Offset of the entry's local header. */
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function corrupt(what: string): SyntaxError {
  return new SyntaxError(`Cannot read the zip archive: ${what}`);
}

/**
 * Lists the entries of a zip archive from its central directory.
 *
 * @param bytes the whole archive
 * @returns the entries in directory order
 * @throws {SyntaxError} when the archive is truncated or corrupt, or uses zip64
 * @example Usage
 * ```ts ignore
 * import { listZipEntries } from "@chronos-deno/chronos-deno/data";
 * const entries = listZipEntries(await Deno.readFile("archive.zip"));
 * console.log(entries.map((e) => e.name));
 * ```
 */
export function listZipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt("no end-of-directory record (truncated or not a zip file)");
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    throw corrupt("zip64 archives are not supported");
  }
  if (cdOffset + cdSize > eocd) throw corrupt("the central directory lies outside the file");
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  const names = new TextDecoder();
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== CENTRAL) {
      throw corrupt(`central directory entry ${k + 1} is damaged`);
    }
    const flags = view.getUint16(p + 8, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const entry: ZipEntry = {
      name: names.decode(bytes.subarray(p + 46, p + 46 + nameLen)),
      method: view.getUint16(p + 10, true),
      crc32: view.getUint32(p + 16, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      localHeaderOffset: view.getUint32(p + 42, true),
    };
    if (flags & 1) throw corrupt(`entry "${entry.name}" is encrypted`);
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) {
      throw corrupt("zip64 archives are not supported");
    }
    entries.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * Extracts one entry, checking its size and CRC-32.
 *
 * @param bytes the whole archive
 * @param entry an entry from {@linkcode listZipEntries}
 * @returns the extracted bytes
 * @throws {SyntaxError} when the data is corrupt, the method unsupported, or size or CRC differ
 * @example Usage
 * ```ts ignore
 * import { extractZipEntry, listZipEntries } from "@chronos-deno/chronos-deno/data";
 * const zip = await Deno.readFile("archive.zip");
 * const csv = await extractZipEntry(zip, listZipEntries(zip)[0]!);
 * ```
 */
export async function extractZipEntry(bytes: Uint8Array, entry: ZipEntry): Promise<Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = entry.localHeaderOffset;
  if (h + 30 > bytes.length || view.getUint32(h, true) !== LOCAL) {
    throw corrupt(`the local header of "${entry.name}" is damaged`);
  }
  const start = h + 30 + view.getUint16(h + 26, true) + view.getUint16(h + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw corrupt(`the data of "${entry.name}" is truncated`);
  const raw = bytes.subarray(start, end);
  let out: Uint8Array;
  if (entry.method === 0) {
    out = raw.slice();
  } else if (entry.method === 8) {
    out = await inflate(raw, entry);
  } else {
    throw corrupt(`entry "${entry.name}" uses compression method ${entry.method} (only 0 and 8)`);
  }
  if (out.length !== entry.size) {
    throw corrupt(`"${entry.name}" has ${out.length} bytes, the directory says ${entry.size}`);
  }
  const crc = crc32(out);
  if (crc !== entry.crc32) {
    throw corrupt(
      `the CRC-32 of "${entry.name}" is ${hex(crc)}, the directory says ${hex(entry.crc32)}`,
    );
  }
  return out;
}

function hex(n: number): string {
  return n.toString(16).padStart(8, "0");
}

async function inflate(raw: Uint8Array, entry: ZipEntry): Promise<Uint8Array> {
  const out = new Uint8Array(entry.size);
  let n = 0;
  const stream = new Blob([raw as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new DecompressionStream("deflate-raw"));
  const reader = stream.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      if (n + value.length > out.length) {
        throw corrupt(`"${entry.name}" inflates to more than the ${entry.size} bytes declared`);
      }
      out.set(value, n);
      n += value.length;
    }
  } catch (err) {
    await reader.cancel().catch(() => {});
    if (err instanceof SyntaxError) throw err;
    throw new SyntaxError(`Cannot read the zip archive: the data of "${entry.name}" is corrupt`, {
      cause: err,
    });
  }
  return out.subarray(0, n);
}
