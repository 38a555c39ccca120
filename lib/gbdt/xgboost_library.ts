/**
 * The XGBoost C library through Deno's FFI: the only file that calls
 * `Deno.dlopen` on `libxgboost.so`. It is opened lazily, on the first
 * {@linkcode xgboost} call, from `XGBOOST_LIBRARY` or the usual system paths
 * (Debian's `libxgboost0`), and every call goes through {@linkcode checkStatus},
 * which turns a non-zero status into an {@linkcode XGBoostError} carrying
 * `XGBGetLastError()`.
 *
 * @module
 */

import { XGBoostError, XGBoostUnavailableError } from "./xgboost_errors.ts";

/** The C functions used, with their FFI signatures (see xgboost/c_api.h, 1.6). */
export const XGBOOST_SYMBOLS = {
  XGBoostVersion: { parameters: ["buffer", "buffer", "buffer"], result: "void" },
  XGBGetLastError: { parameters: [], result: "pointer" },
  XGDMatrixCreateFromMat: {
    parameters: ["buffer", "u64", "u64", "f32", "buffer"],
    result: "i32",
  },
  XGDMatrixSetFloatInfo: { parameters: ["pointer", "buffer", "buffer", "u64"], result: "i32" },
  XGDMatrixNumRow: { parameters: ["pointer", "buffer"], result: "i32" },
  XGDMatrixNumCol: { parameters: ["pointer", "buffer"], result: "i32" },
  XGDMatrixFree: { parameters: ["pointer"], result: "i32" },
  XGBoosterCreate: { parameters: ["buffer", "u64", "buffer"], result: "i32" },
  XGBoosterFree: { parameters: ["pointer"], result: "i32" },
  XGBoosterSetParam: { parameters: ["pointer", "buffer", "buffer"], result: "i32" },
  XGBoosterUpdateOneIter: { parameters: ["pointer", "i32", "pointer"], result: "i32" },
  XGBoosterEvalOneIter: {
    parameters: ["pointer", "i32", "buffer", "buffer", "u64", "buffer"],
    result: "i32",
  },
  XGBoosterPredictFromDMatrix: {
    parameters: ["pointer", "pointer", "buffer", "buffer", "buffer", "buffer"],
    result: "i32",
  },
  XGBoosterSlice: { parameters: ["pointer", "i32", "i32", "i32", "buffer"], result: "i32" },
  XGBoosterBoostedRounds: { parameters: ["pointer", "buffer"], result: "i32" },
  XGBoosterGetNumFeature: { parameters: ["pointer", "buffer"], result: "i32" },
  XGBoosterSaveModelToBuffer: {
    parameters: ["pointer", "buffer", "buffer", "buffer"],
    result: "i32",
  },
  XGBoosterLoadModelFromBuffer: { parameters: ["pointer", "buffer", "u64"], result: "i32" },
  XGBoosterFeatureScore: {
    parameters: ["pointer", "buffer", "buffer", "buffer", "buffer", "buffer", "buffer"],
    result: "i32",
  },
} as const satisfies Deno.ForeignLibraryInterface;

/** The opened library's functions. */
export type XGBoostSymbols = Deno.DynamicLibrary<typeof XGBOOST_SYMBOLS>["symbols"];

/** The opened library. */
export interface XGBoostLibrary {
  /** The raw C functions (check their status with {@linkcode checkStatus}). */
  readonly symbols: XGBoostSymbols;
  /** The library file that was opened. */
  readonly path: string;
  /** The library's version, e.g. `"1.6.2"`. */
  readonly version: string;
}

/** Where the library is looked for when `XGBOOST_LIBRARY` is not set. */
export const XGBOOST_LIBRARY_CANDIDATES: readonly string[] = [
  "libxgboost.so.0",
  "libxgboost.so",
  "/usr/lib/x86_64-linux-gnu/libxgboost.so.0",
  "/usr/lib/aarch64-linux-gnu/libxgboost.so.0",
  "/usr/local/lib/libxgboost.so",
  "/usr/lib/libxgboost.so",
  "/opt/homebrew/lib/libxgboost.dylib",
  "/usr/local/lib/libxgboost.dylib",
];

let opened: XGBoostLibrary | undefined;

/**
 * Opens the XGBoost library once and returns it (later calls return the same
 * one). `XGBOOST_LIBRARY` names the file; without it the usual system paths
 * are tried.
 *
 * @param paths the files to try, in order. @default XGBOOST_LIBRARY, else {@linkcode XGBOOST_LIBRARY_CANDIDATES}
 * @returns the opened library
 * @throws {XGBoostUnavailableError} when no file could be opened (the message names the package)
 * @example Usage
 * ```ts
 * import { xgboost } from "@chronos-deno/chronos-deno/gbdt";
 * import { match } from "node:assert/strict";
 * match(xgboost().version, /^\d+\.\d+\.\d+$/);
 * ```
 */
export function xgboost(paths?: readonly string[]): XGBoostLibrary {
  if (opened && !paths) return opened;
  const fromEnv = Deno.env.get("XGBOOST_LIBRARY");
  const tried = paths ?? (fromEnv ? [fromEnv] : XGBOOST_LIBRARY_CANDIDATES);
  let last: unknown;
  for (const path of tried) {
    let lib: Deno.DynamicLibrary<typeof XGBOOST_SYMBOLS>;
    try {
      lib = Deno.dlopen(path, XGBOOST_SYMBOLS);
    } catch (err) {
      last = err;
      continue;
    }
    const v = new Int32Array(3);
    lib.symbols.XGBoostVersion(v.subarray(0, 1), v.subarray(1, 2), v.subarray(2, 3));
    const library = { symbols: lib.symbols, path, version: `${v[0]}.${v[1]}.${v[2]}` };
    if (!paths) opened = library;
    return library;
  }
  throw new XGBoostUnavailableError(tried, { cause: last });
}

/**
 * Throws when an XGBoost call returned a non-zero status, with the library's
 * own error text (`XGBGetLastError`).
 *
 * @param call the C function's name
 * @param status what it returned
 * @throws {XGBoostError} when `status` is not 0
 * @example Usage
 * ```ts
 * import { checkStatus } from "@chronos-deno/chronos-deno/gbdt";
 * import { throws } from "node:assert/strict";
 * checkStatus("XGBoosterFree", 0);
 * throws(() => checkStatus("XGBoosterFree", -1), /XGBoosterFree/);
 * ```
 */
export function checkStatus(call: string, status: number): void {
  if (status === 0) return;
  const ptr = xgboost().symbols.XGBGetLastError();
  const detail = ptr ? new Deno.UnsafePointerView(ptr).getCString() : "";
  throw new XGBoostError(call, status, detail);
}

/**
 * A NUL-terminated UTF-8 copy of `text`, for `const char*` arguments.
 *
 * @param text the string
 * @returns the bytes, ending with 0
 * @example Usage
 * ```ts
 * import { cString } from "@chronos-deno/chronos-deno/gbdt";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual([...cString("ab")], [97, 98, 0]);
 * ```
 */
export function cString(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new TextEncoder().encode(text);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

/**
 * The pointer stored in an out-parameter slot (`void**` filled by the library).
 *
 * @param slot one 64-bit slot
 * @returns the pointer, or null
 * @example Usage
 * ```ts
 * import { pointerIn } from "@chronos-deno/chronos-deno/gbdt";
 * import { equal } from "node:assert/strict";
 * equal(pointerIn(new BigUint64Array(1)), null);
 * ```
 */
export function pointerIn(slot: BigUint64Array): Deno.PointerValue {
  return Deno.UnsafePointer.create(slot[0]!);
}
