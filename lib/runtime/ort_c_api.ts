/**
 * ONNX Runtime's C API, called through Deno's FFI on the very library that
 * onnxruntime-node ships (`libonnxruntime`), for the one thing the Node
 * binding cannot do: hand an output back without copying it. onnxruntime-node
 * 1.30 copies every output into a fresh JavaScript buffer, even one it was
 * given to write into; a full-size Chronos-2 training step returns 0.48 GB of
 * gradients, and that copy (allocation, page faults, memcpy, garbage) was
 * 0.4–0.9 s of a 2 s step. Here ORT writes straight into the caller's typed
 * arrays, and reads the inputs from theirs.
 *
 * Only what a CPU session needs is bound: environment, session options and
 * configuration entries, session from bytes, names and types of inputs and
 * outputs, tensors over caller memory, `Run`, profiling. The OrtApi table is
 * append-only across releases, so its slots are fixed by their index
 * (from `onnxruntime_c_api.h`); the version asked for is one every supported
 * release (1.16 on) answers.
 *
 * @module
 */

import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The OrtApi version asked for (ORT 1.16); later libraries answer it too. */
const API_VERSION = 16;

/** Slots of the OrtApi function table used here (index = position in `struct OrtApi`). */
const SLOT = {
  GetErrorMessage: 2,
  CreateEnv: 3,
  CreateSessionFromArray: 8,
  Run: 9,
  CreateSessionOptions: 10,
  SetSessionExecutionMode: 13,
  EnableProfiling: 14,
  EnableMemPattern: 16,
  DisableMemPattern: 17,
  EnableCpuMemArena: 18,
  DisableCpuMemArena: 19,
  SetSessionLogSeverityLevel: 22,
  SetSessionGraphOptimizationLevel: 23,
  SetIntraOpNumThreads: 24,
  SessionGetInputCount: 30,
  SessionGetOutputCount: 31,
  SessionGetInputTypeInfo: 33,
  SessionGetOutputTypeInfo: 34,
  SessionGetInputName: 36,
  SessionGetOutputName: 37,
  CreateTensorWithDataAsOrtValue: 49,
  GetTensorMutableData: 51,
  CastTypeInfoToTensorInfo: 55,
  GetTensorElementType: 60,
  GetDimensionsCount: 61,
  GetDimensions: 62,
  GetTensorTypeAndShape: 65,
  CreateCpuMemoryInfo: 69,
  AllocatorFree: 76,
  GetAllocatorWithDefaultOptions: 78,
  ReleaseStatus: 93,
  ReleaseMemoryInfo: 94,
  ReleaseSession: 95,
  ReleaseValue: 96,
  ReleaseTypeInfo: 98,
  ReleaseTensorTypeAndShapeInfo: 99,
  ReleaseSessionOptions: 100,
  SessionEndProfiling: 110,
  AddSessionConfigEntry: 130,
} as const;

const P = "pointer" as const;
const B = "buffer" as const;
/** FFI signatures; every ORT call returns an `OrtStatus*` (null = success) unless noted. */
const SIGNATURES = {
  GetErrorMessage: { parameters: [P], result: P },
  CreateEnv: { parameters: ["i32", B, B], result: P },
  CreateSessionFromArray: { parameters: [P, B, "usize", P, B], result: P },
  Run: { parameters: [P, P, B, B, "usize", B, "usize", B], result: P },
  CreateSessionOptions: { parameters: [B], result: P },
  SetSessionExecutionMode: { parameters: [P, "i32"], result: P },
  EnableProfiling: { parameters: [P, B], result: P },
  EnableMemPattern: { parameters: [P], result: P },
  DisableMemPattern: { parameters: [P], result: P },
  EnableCpuMemArena: { parameters: [P], result: P },
  DisableCpuMemArena: { parameters: [P], result: P },
  SetSessionLogSeverityLevel: { parameters: [P, "i32"], result: P },
  SetSessionGraphOptimizationLevel: { parameters: [P, "i32"], result: P },
  SetIntraOpNumThreads: { parameters: [P, "i32"], result: P },
  SessionGetInputCount: { parameters: [P, B], result: P },
  SessionGetOutputCount: { parameters: [P, B], result: P },
  SessionGetInputTypeInfo: { parameters: [P, "usize", B], result: P },
  SessionGetOutputTypeInfo: { parameters: [P, "usize", B], result: P },
  SessionGetInputName: { parameters: [P, "usize", P, B], result: P },
  SessionGetOutputName: { parameters: [P, "usize", P, B], result: P },
  CreateTensorWithDataAsOrtValue: { parameters: [P, P, "usize", B, "usize", "i32", B], result: P },
  GetTensorMutableData: { parameters: [P, B], result: P },
  CastTypeInfoToTensorInfo: { parameters: [P, B], result: P },
  GetTensorElementType: { parameters: [P, B], result: P },
  GetDimensionsCount: { parameters: [P, B], result: P },
  GetDimensions: { parameters: [P, B, "usize"], result: P },
  GetTensorTypeAndShape: { parameters: [P, B], result: P },
  CreateCpuMemoryInfo: { parameters: ["i32", "i32", B], result: P },
  AllocatorFree: { parameters: [P, P], result: P },
  GetAllocatorWithDefaultOptions: { parameters: [B], result: P },
  ReleaseStatus: { parameters: [P], result: "void" },
  ReleaseMemoryInfo: { parameters: [P], result: "void" },
  ReleaseSession: { parameters: [P], result: "void" },
  ReleaseValue: { parameters: [P], result: "void" },
  ReleaseTypeInfo: { parameters: [P], result: "void" },
  ReleaseTensorTypeAndShapeInfo: { parameters: [P], result: "void" },
  ReleaseSessionOptions: { parameters: [P], result: "void" },
  SessionEndProfiling: { parameters: [P, P, B], result: P },
  AddSessionConfigEntry: { parameters: [P, B, B], result: P },
} as const satisfies Record<keyof typeof SLOT, Deno.ForeignFunction>;

type Fns = { [K in keyof typeof SIGNATURES]: Deno.UnsafeFnPointer<(typeof SIGNATURES)[K]> };

/** `GraphOptimizationLevel` values. */
export const GRAPH_OPTIMIZATION = { disabled: 0, basic: 1, all: 99 } as const;

/** A native pointer (never null once created). */
export type NativePointer = Deno.PointerObject;

/** Why the C API is not in use here (the Node binding is used instead). */
export class CApiUnavailableError extends Error {
  /**
   * Creates the error.
   *
   * @param message what is missing
   * @example Usage
   * ```ts
   * import { CApiUnavailableError } from "./ort_c_api.ts";
   * import assert from "node:assert/strict";
   * assert.equal(new CApiUnavailableError("no ffi").name, "CApiUnavailableError");
   * ```
   */
  constructor(message: string) {
    super(message);
    this.name = "CApiUnavailableError";
  }
}

/** The loaded C API: the function table plus the process-wide env, allocator and CPU memory info. */
export interface CApi {
  /** The function table. */
  readonly fn: Fns;
  /** ORT's version string, e.g. "1.30.0". */
  readonly version: string;
  /** The shared environment. */
  readonly env: NativePointer;
  /** ORT's default allocator (for names and profile paths ORT allocates). */
  readonly allocator: NativePointer;
  /** Memory info of caller-owned CPU buffers. */
  readonly cpuMemory: NativePointer;
  /** Throws an `Error` with ORT's message when `status` is not null (and frees it). */
  check(status: Deno.PointerValue, what: string): void;
}

let loaded: CApi | undefined;

/** The directory holding onnxruntime-node's native libraries for this platform. */
function libraryPath(): string {
  const index = createRequire(import.meta.url).resolve("onnxruntime-node");
  const dir = join(
    dirname(index),
    "..",
    "bin",
    "napi-v6",
    Deno.build.os,
    {
      x86_64: "x64",
      aarch64: "arm64",
    }[Deno.build.arch],
  );
  // Linux and macOS only (see `open`)
  const name = [...Deno.readDirSync(dir)].map((e) => e.name).find((n) =>
    /^libonnxruntime\.(so\.\d+|\d.*\.dylib|dylib)$/.test(n)
  );
  if (!name) throw new Error(`No ONNX Runtime library in ${dir}`);
  return join(dir, name);
}

/**
 * Loads ORT's C API once per process (later calls return the same object;
 * a failure is not remembered, so a later call with the permission granted
 * succeeds).
 *
 * @returns the API, or why it is unavailable (no `ffi` permission, Windows,
 *   onnxruntime-node not installed, an ORT too old)
 * @example Usage
 * ```ts ignore
 * const api = loadCApi();
 * if (!(api instanceof Error)) console.log(api.version);
 * ```
 */
export function loadCApi(): CApi | CApiUnavailableError {
  // asked every time: a caller (or test) without the permission must not get a loaded API
  if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") {
    return new CApiUnavailableError("no ffi permission (--allow-ffi)");
  }
  if (loaded) return loaded;
  const api = open();
  if (!(api instanceof CApiUnavailableError)) loaded = api;
  return api;
}

function open(): CApi | CApiUnavailableError {
  if (Deno.build.os === "windows") {
    // ORTCHAR_T is wchar_t there (profile paths); not bound
    return new CApiUnavailableError("ORT's C API is not bound on Windows");
  }
  let lib;
  try {
    lib = Deno.dlopen(libraryPath(), { OrtGetApiBase: { parameters: [], result: P } });
  } catch (e) {
    return new CApiUnavailableError(`cannot load ONNX Runtime: ${(e as Error).message}`);
  }
  const base = new Deno.UnsafePointerView(lib.symbols.OrtGetApiBase()!);
  const getApi = new Deno.UnsafeFnPointer(base.getPointer(0)!, { parameters: ["u32"], result: P });
  const getVersion = new Deno.UnsafeFnPointer(base.getPointer(8)!, { parameters: [], result: P });
  const version = new Deno.UnsafePointerView(getVersion.call()!).getCString();
  const table = getApi.call(API_VERSION);
  if (table === null) {
    return new CApiUnavailableError(`ONNX Runtime ${version} does not offer API ${API_VERSION}`);
  }
  const view = new Deno.UnsafePointerView(table);
  const fn = Object.fromEntries(
    Object.entries(SLOT).map(([name, slot]) => [
      name,
      new Deno.UnsafeFnPointer(
        view.getPointer(slot * 8)!,
        SIGNATURES[name as keyof typeof SLOT],
      ),
    ]),
  ) as unknown as Fns;
  const check = (status: Deno.PointerValue, what: string) => {
    if (status === null) return;
    const msg = new Deno.UnsafePointerView(fn.GetErrorMessage.call(status)!).getCString();
    fn.ReleaseStatus.call(status);
    throw new Error(`${what}: ${msg}`);
  };
  const { slot: out, take } = outSlot();
  // fatal only: every failure reaches the caller as an error instead (as with the Node binding)
  check(fn.CreateEnv.call(4, cString("chronos-deno"), out), "CreateEnv");
  const env = take();
  check(fn.GetAllocatorWithDefaultOptions.call(out), "GetAllocatorWithDefaultOptions");
  const allocator = take();
  // OrtDeviceAllocator, OrtMemTypeDefault: plain caller memory
  check(fn.CreateCpuMemoryInfo.call(0, 0, out), "CreateCpuMemoryInfo");
  const cpuMemory = take();
  return { fn, version, env, allocator, cpuMemory, check };
}

/** A NUL-terminated UTF-8 copy of `s`, in memory that never moves (see {@linkcode pointerOf}). */
export function cString(s: string): Uint8Array<ArrayBuffer> {
  const bytes = new TextEncoder().encode(s);
  const out = new Uint8Array(new ArrayBuffer(bytes.length + 1));
  out.set(bytes);
  return out;
}

/**
 * The address of a typed array's first element, stable for the array's life.
 * V8 keeps small typed arrays (up to 64 bytes) inside its heap, where a
 * collection may move them, e.g. between wrapping and running; reading
 * `.buffer` moves such an array to an external backing store for good.
 */
export function pointerOf(view: ArrayBufferView): Deno.PointerValue {
  void view.buffer;
  return Deno.UnsafePointer.of(view as Uint8Array<ArrayBuffer>);
}

/**
 * An out-parameter (`T** out`) for one ORT call: the slot to pass, and
 * `take` to read the pointer ORT wrote there (never null after a successful
 * call that must produce one).
 */
export function outSlot(): { slot: BigUint64Array<ArrayBuffer>; take(): NativePointer } {
  const slot = pointerSlots(1);
  return { slot, take: () => Deno.UnsafePointer.create(slot[0]!)! };
}

/** A zeroed array of `n` native pointers in memory that never moves. */
export function pointerSlots(n: number): BigUint64Array<ArrayBuffer> {
  return new BigUint64Array(new ArrayBuffer(8 * Math.max(n, 1)));
}
