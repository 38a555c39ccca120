/**
 * Reads and writes `.safetensors` files: an 8-byte little-endian header
 * length, a JSON header mapping names to `{dtype, shape, data_offsets}`, then
 * the raw tensor bytes. F32, F16 and BF16 tensors are widened to Float32Array.
 * Every header field, offset and size is validated; a truncated or corrupt file
 * is a {@link ModelFormatError}, never a crash.
 *
 * @module
 */

import { ModelFormatError } from "../../lib/errors.ts";

/** Element types this reader accepts. */
export type SafetensorsDtype = "F32" | "F16" | "BF16";

/** One tensor, always widened to float32. */
export interface WeightTensor {
  /** The dtype stored in the file. */
  dtype: SafetensorsDtype;
  /** Dimensions. */
  shape: number[];
  /** Row-major values. */
  data: Float32Array;
}

/** Tensors by name, in file order. */
export type WeightMap = Map<string, WeightTensor>;

const BYTES: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, BF16: 2 };
const MAX_HEADER = 100 * 1024 * 1024;

function fail(source: string, msg: string): never {
  throw new ModelFormatError("model.safetensors", `Cannot read the weights "${source}": ${msg}`);
}

/** One tensor of a safetensors file, located but not read. */
export interface SafetensorsEntry {
  /** State-dict name. */
  name: string;
  /** The dtype stored in the file. */
  dtype: SafetensorsDtype;
  /** Dimensions. */
  shape: number[];
  /** Byte offset of its first element from the start of the file. */
  offset: number;
  /** Byte length. */
  length: number;
}

/**
 * Validates a safetensors header and locates every tensor.
 *
 * @param bytes the file's first bytes, at least the 8-byte length and the JSON header
 * @param fileSize the whole file's size
 * @param source a name for messages
 * @returns the tensors in header order
 */
function headerEntries(bytes: Uint8Array, fileSize: number, source: string): SafetensorsEntry[] {
  if (fileSize < 8) {
    fail(source, `the file has ${fileSize} bytes, fewer than the 8-byte header length`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = view.getBigUint64(0, true);
  if (headerLen > BigInt(Math.min(MAX_HEADER, fileSize - 8))) {
    fail(
      source,
      `the header length ${headerLen} exceeds the file size ${fileSize}; the file is truncated or not safetensors`,
    );
  }
  const hl = Number(headerLen);
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + hl)),
    );
  } catch (err) {
    fail(source, `the JSON header does not parse: ${(err as Error).message}`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    fail(source, "the header is not a JSON object");
  }
  const dataStart = 8 + hl;
  const dataLen = fileSize - dataStart;
  const entries: {
    name: string;
    dtype: SafetensorsDtype;
    shape: number[];
    begin: number;
    end: number;
  }[] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") continue;
    if (typeof raw !== "object" || raw === null) fail(source, `tensor "${name}" has no descriptor`);
    const d = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (d.dtype !== "F32" && d.dtype !== "F16" && d.dtype !== "BF16") {
      fail(
        source,
        `tensor "${name}" has dtype ${
          JSON.stringify(d.dtype)
        }; only F32, F16 and BF16 are supported`,
      );
    }
    if (!Array.isArray(d.shape) || !d.shape.every((x) => Number.isInteger(x) && x >= 0)) {
      fail(source, `tensor "${name}" has an invalid shape ${JSON.stringify(d.shape)}`);
    }
    const off = d.data_offsets;
    if (
      !Array.isArray(off) || off.length !== 2 || !off.every((x) => Number.isInteger(x) && x >= 0) ||
      off[0] > off[1]
    ) {
      fail(source, `tensor "${name}" has invalid data_offsets ${JSON.stringify(off)}`);
    }
    const shape = d.shape as number[];
    const numel = shape.reduce((a, b) => a * b, 1);
    const [begin, end] = off as [number, number];
    if (end - begin !== numel * BYTES[d.dtype]) {
      fail(
        source,
        `tensor "${name}" spans ${end - begin} bytes but shape [${shape}] of ${d.dtype} needs ${
          numel * BYTES[d.dtype]
        }`,
      );
    }
    if (end > dataLen) {
      fail(
        source,
        `tensor "${name}" ends at byte ${end} but the data section has ${dataLen} bytes; the file is truncated`,
      );
    }
    entries.push({ name, dtype: d.dtype, shape, begin, end });
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.begin < sorted[i - 1]!.end) {
      fail(source, `tensors "${sorted[i - 1]!.name}" and "${sorted[i]!.name}" overlap`);
    }
  }
  return entries.map((e) => ({
    name: e.name,
    dtype: e.dtype,
    shape: e.shape,
    offset: dataStart + e.begin,
    length: e.end - e.begin,
  }));
}

/**
 * Parses safetensors bytes.
 *
 * @param bytes the whole file
 * @param source a name for messages
 * @returns the tensors, widened to float32
 * @throws {ModelFormatError} when the file is truncated, the header is invalid, or a dtype is unsupported
 * @example Usage
 * ```ts
 * import { parseSafetensors, serializeSafetensors } from "@chronos-deno/chronos-deno/chronos2";
 * const bytes = serializeSafetensors(new Map([["w", { shape: [2], data: new Float32Array([1, 2]) }]]));
 * if (parseSafetensors(bytes).get("w")!.data[1] !== 2) throw new Error();
 * ```
 */
export function parseSafetensors(bytes: Uint8Array, source = "model.safetensors"): WeightMap {
  const entries = headerEntries(bytes, bytes.length, source);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: WeightMap = new Map();
  for (const e of entries) {
    const start = e.offset;
    const n = e.length / BYTES[e.dtype];
    const data = new Float32Array(n);
    if (e.dtype === "F32") {
      new Uint8Array(data.buffer).set(bytes.subarray(start, start + n * 4));
    } else if (e.dtype === "BF16") {
      const u = new Uint32Array(data.buffer);
      for (let i = 0; i < n; i++) u[i] = view.getUint16(start + 2 * i, true) << 16;
    } else {
      for (let i = 0; i < n; i++) data[i] = halfToFloat(view.getUint16(start + 2 * i, true));
    }
    out.set(e.name, { dtype: e.dtype, shape: e.shape, data });
  }
  return out;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f === 0 ? s * Infinity : NaN;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/**
 * Reads safetensors from bytes or a file path.
 *
 * @param source the bytes, or a path
 * @returns the tensors, widened to float32
 * @throws {ModelFormatError} when the file is missing, truncated or corrupt
 * @example Usage
 * ```ts
 * import { readSafetensors } from "@chronos-deno/chronos-deno/chronos2";
 * const w = await readSafetensors("tests/fixtures/chronos2-tiny/model.safetensors");
 * if (!w.has("shared.weight")) throw new Error();
 * ```
 */
export async function readSafetensors(source: Uint8Array | string): Promise<WeightMap> {
  if (typeof source !== "string") return parseSafetensors(source);
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(source);
  } catch (err) {
    throw new ModelFormatError(
      "model.safetensors",
      `Cannot read the weights "${source}": ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  return parseSafetensors(bytes, source);
}

/**
 * Locates the tensors of a safetensors file from its header alone (the data
 * is not read), with the same checks as {@linkcode readSafetensors}.
 *
 * @param path the file
 * @returns every tensor's name, dtype, shape, byte offset and length in the file
 * @throws {ModelFormatError} when the file is missing, truncated or its header is corrupt
 * @example Usage
 * ```ts
 * import { readSafetensorsIndex } from "@chronos-deno/chronos-deno/chronos2";
 * const index = await readSafetensorsIndex("tests/fixtures/chronos2-tiny/model.safetensors");
 * if (!index.some((e) => e.name === "shared.weight" && e.offset > 8)) throw new Error();
 * ```
 */
export async function readSafetensorsIndex(path: string): Promise<SafetensorsEntry[]> {
  let file: Deno.FsFile | undefined;
  try {
    file = await Deno.open(path);
    const size = (await file.stat()).size;
    const head = new Uint8Array(Math.min(8, size));
    await readFully(file, head);
    if (size < 8) return headerEntries(head, size, path); // fails: no header length
    const len = new DataView(head.buffer).getBigUint64(0, true);
    // An impossible length fails in headerEntries before the JSON is read.
    if (len > BigInt(Math.min(MAX_HEADER, size - 8))) return headerEntries(head, size, path);
    const all = new Uint8Array(8 + Number(len));
    all.set(head);
    await readFully(file, all.subarray(8));
    return headerEntries(all, size, path);
  } catch (err) {
    if (err instanceof ModelFormatError) throw err;
    throw new ModelFormatError(
      "model.safetensors",
      `Cannot read the weights "${path}": ${(err as Error).message}`,
      { cause: err },
    );
  } finally {
    file?.close();
  }
}

async function readFully(file: Deno.FsFile, into: Uint8Array): Promise<void> {
  let at = 0;
  while (at < into.length) {
    const n = await file.read(into.subarray(at));
    if (n === null) break;
    at += n;
  }
}

/** A tensor to write: float32 data and its shape. */
export interface TensorToWrite {
  /** Dimensions. */
  shape: readonly number[];
  /** Row-major float32 values. */
  data: Float32Array;
}

/**
 * Serialises float32 tensors into safetensors bytes (F32; the header padded
 * with spaces to an 8-byte boundary, as the reference writer does).
 *
 * @param tensors tensors by name
 * @param metadata optional string metadata (`__metadata__`)
 * @returns the file bytes
 * @throws {TypeError} when a tensor's data length does not match its shape
 * @example Usage
 * ```ts
 * import { serializeSafetensors } from "@chronos-deno/chronos-deno/chronos2";
 * const b = serializeSafetensors(new Map([["x", { shape: [1], data: new Float32Array([3]) }]]), { format: "pt" });
 * if (b.length % 4 !== 0) throw new Error();
 * ```
 */
export function serializeSafetensors(
  tensors: ReadonlyMap<string, TensorToWrite> | Record<string, TensorToWrite>,
  metadata?: Record<string, string>,
): Uint8Array {
  const list = tensors instanceof Map
    ? [...tensors.entries()]
    : Object.entries(tensors as Record<string, TensorToWrite>);
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of list) {
    const numel = t.shape.reduce((a: number, b: number) => a * b, 1);
    if (numel !== t.data.length) {
      throw new TypeError(
        `Cannot write tensor "${name}": shape [${t.shape}] needs ${numel} values, got ${t.data.length}`,
      );
    }
    header[name] = {
      dtype: "F32",
      shape: [...t.shape],
      data_offsets: [offset, offset + numel * 4],
    };
    offset += numel * 4;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let pos = 8 + json.length;
  for (const [, t] of list) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), pos);
    pos += t.data.byteLength;
  }
  return out;
}

/**
 * Writes float32 tensors to a safetensors file (e.g. a fine-tuned model).
 *
 * @param path the output file
 * @param tensors tensors by name
 * @param metadata optional metadata
 * @example Usage
 * ```ts
 * import { readSafetensors, writeSafetensors } from "@chronos-deno/chronos-deno/chronos2";
 * const path = await Deno.makeTempFile({ suffix: ".safetensors" });
 * await writeSafetensors(path, { a: { shape: [2], data: new Float32Array([1, 2]) } });
 * if ((await readSafetensors(path)).get("a")!.data[0] !== 1) throw new Error();
 * await Deno.remove(path);
 * ```
 */
export async function writeSafetensors(
  path: string,
  tensors: ReadonlyMap<string, TensorToWrite> | Record<string, TensorToWrite>,
  metadata: Record<string, string> = { format: "pt" },
): Promise<void> {
  await Deno.writeFile(path, serializeSafetensors(tensors, metadata));
}
