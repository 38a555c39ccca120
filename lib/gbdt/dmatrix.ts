/**
 * {@linkcode DMatrix}: XGBoost's data matrix, built from a dense row-major
 * float32 matrix in which NaN (or a chosen value) marks a missing entry.
 *
 * @module
 */

import { checkStatus, cString, pointerIn, xgboost } from "./xgboost_library.ts";

/** Options of {@linkcode DMatrix.fromDense}. */
export interface DenseMatrixOptions {
  /** The value that marks a missing entry. @default NaN */
  missing?: number;
  /** Labels, one per row (float32). */
  label?: ArrayLike<number>;
}

/**
 * An XGBoost DMatrix. Free it with {@linkcode DMatrix.free} (or `using`).
 *
 * @example Usage
 * ```ts
 * import { DMatrix } from "@chronos-deno/chronos-deno/gbdt";
 * import { equal } from "node:assert/strict";
 * using m = DMatrix.fromDense(new Float32Array([1, NaN, 3, 4]), 2, 2, { label: [0, 1] });
 * equal(m.rows, 2);
 * equal(m.cols, 2);
 * ```
 */
export class DMatrix {
  #handle: Deno.PointerValue;

  private constructor(handle: Deno.PointerValue) {
    this.#handle = handle;
  }

  /**
   * Builds a DMatrix from a dense row-major matrix (`XGDMatrixCreateFromMat`).
   *
   * @param data rows × cols values, row-major
   * @param rows number of rows
   * @param cols number of columns
   * @param options missing marker and labels
   * @returns the matrix
   * @throws {RangeError} when `data` does not hold rows × cols values or the labels do not match the rows
   * @throws {XGBoostError} when the library refuses the data
   */
  static fromDense(
    data: Float32Array,
    rows: number,
    cols: number,
    options: DenseMatrixOptions = {},
  ): DMatrix {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
      throw new RangeError(
        `Cannot build a DMatrix of ${rows} x ${cols}: use at least one row and one column`,
      );
    }
    if (data.length !== rows * cols) {
      throw new RangeError(
        `Cannot build a DMatrix of ${rows} x ${cols}: got ${data.length} values, ` +
          `expected ${rows * cols}`,
      );
    }
    const out = new BigUint64Array(1);
    const lib = xgboost().symbols;
    checkStatus(
      "XGDMatrixCreateFromMat",
      lib.XGDMatrixCreateFromMat(data, BigInt(rows), BigInt(cols), options.missing ?? NaN, out),
    );
    const m = new DMatrix(pointerIn(out));
    if (options.label) {
      try {
        m.setLabel(options.label);
      } catch (err) {
        m.free();
        throw err;
      }
    }
    return m;
  }

  /** The native handle (for the booster calls); throws once freed. */
  get handle(): Deno.PointerObject {
    if (!this.#handle) {
      throw new ReferenceError("Cannot use a DMatrix after it was freed: build a new one");
    }
    return this.#handle;
  }

  /**
   * Sets the labels (`XGDMatrixSetFloatInfo` "label").
   *
   * @param label one value per row
   * @throws {RangeError} when the count differs from the rows
   */
  setLabel(label: ArrayLike<number>): void {
    if (label.length !== this.rows) {
      throw new RangeError(
        `Cannot set ${label.length} labels on a DMatrix of ${this.rows} rows: give one per row`,
      );
    }
    const values = Float32Array.from(label);
    checkStatus(
      "XGDMatrixSetFloatInfo",
      xgboost().symbols.XGDMatrixSetFloatInfo(
        this.handle,
        cString("label"),
        values,
        BigInt(values.length),
      ),
    );
  }

  /** Number of rows. */
  get rows(): number {
    const out = new BigUint64Array(1);
    checkStatus("XGDMatrixNumRow", xgboost().symbols.XGDMatrixNumRow(this.handle, out));
    return Number(out[0]);
  }

  /** Number of columns. */
  get cols(): number {
    const out = new BigUint64Array(1);
    checkStatus("XGDMatrixNumCol", xgboost().symbols.XGDMatrixNumCol(this.handle, out));
    return Number(out[0]);
  }

  /** Frees the native matrix; later calls are no-ops. */
  free(): void {
    if (!this.#handle) return;
    const h = this.#handle;
    this.#handle = null;
    checkStatus("XGDMatrixFree", xgboost().symbols.XGDMatrixFree(h));
  }

  /** Frees the native matrix at the end of a `using` block. */
  [Symbol.dispose](): void {
    this.free();
  }
}
