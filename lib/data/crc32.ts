/**
 * CRC-32 (IEEE 802.3, the checksum of zip and gzip).
 *
 * @module
 */

let table: Uint32Array | undefined;

function makeTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

/**
 * Computes the CRC-32 of `bytes`, optionally continuing from a previous value.
 *
 * @param bytes the data
 * @param previous the CRC of the data before `bytes` @default 0
 * @returns the CRC as an unsigned 32-bit integer
 * @example Usage
 * ```ts
 * import { crc32 } from "@chronos-deno/chronos-deno/data";
 * import assert from "node:assert/strict";
 * assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
 * ```
 */
export function crc32(bytes: Uint8Array, previous = 0): number {
  table ??= makeTable();
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
