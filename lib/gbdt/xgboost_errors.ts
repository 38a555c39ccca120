/**
 * The two ways the XGBoost library fails: it cannot be found or opened
 * ({@linkcode XGBoostUnavailableError}), or one of its calls returns a failure
 * status ({@linkcode XGBoostError}, with `XGBGetLastError`'s text).
 *
 * @module
 */

/** The XGBoost shared library could not be found or opened. */
export class XGBoostUnavailableError extends Error {
  /** The paths that were tried, in order. */
  readonly tried: readonly string[];
  /**
   * Creates the error.
   *
   * @param tried the library paths tried
   * @param options the last `Deno.dlopen` failure as `cause`
   * @example Usage
   * ```ts
   * import { XGBoostUnavailableError } from "@chronos-deno/chronos-deno/gbdt";
   * import { match } from "node:assert/strict";
   * match(new XGBoostUnavailableError(["libxgboost.so"]).message, /libxgboost-dev/);
   * ```
   */
  constructor(tried: readonly string[], options?: ErrorOptions) {
    super(
      `Cannot load the XGBoost library (tried ${tried.map((p) => `"${p}"`).join(", ")}): ` +
        `install it (Debian/Ubuntu: apt-get install libxgboost0 libxgboost-dev; ` +
        `elsewhere the xgboost package of your system) or set XGBOOST_LIBRARY to libxgboost.so`,
      options,
    );
    this.name = "XGBoostUnavailableError";
    this.tried = tried;
  }
}

/** An XGBoost C API call returned a failure status. */
export class XGBoostError extends Error {
  /** The C function that failed, e.g. `"XGBoosterUpdateOneIter"`. */
  readonly call: string;
  /** The status it returned. */
  readonly status: number;
  /** `XGBGetLastError()` right after the call. */
  readonly detail: string;
  /**
   * Creates the error.
   *
   * @param call the C function
   * @param status its return status
   * @param detail the library's error text
   * @example Usage
   * ```ts
   * import { XGBoostError } from "@chronos-deno/chronos-deno/gbdt";
   * import { equal } from "node:assert/strict";
   * const e = new XGBoostError("XGBoosterSetParam", -1, "Unknown objective");
   * equal(e.message, 'XGBoost call "XGBoosterSetParam" failed (status -1): Unknown objective');
   * ```
   */
  constructor(call: string, status: number, detail: string) {
    super(
      `XGBoost call "${call}" failed (status ${status}): ${detail.trim() || "no detail given"}`,
    );
    this.name = "XGBoostError";
    this.call = call;
    this.status = status;
    this.detail = detail;
  }
}
