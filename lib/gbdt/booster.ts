/**
 * {@linkcode Booster}: an XGBoost gradient-boosted model through the C API:
 * parameters, one boosting round at a time, evaluation text, prediction,
 * slicing to the best round, the model as JSON, and feature importance.
 *
 * @module
 */

import type { DMatrix } from "./dmatrix.ts";
import { checkStatus, cString, pointerIn, xgboost } from "./xgboost_library.ts";

/** Feature importance kinds of `XGBoosterFeatureScore`. */
export type ImportanceType = "weight" | "gain" | "cover" | "total_gain" | "total_cover";

/** Options of {@linkcode Booster.predict}. */
export interface PredictOptions {
  /** Use only the rounds before this one (0 = all). @default 0 */
  iterationEnd?: number;
}

function readFloats(ptr: Deno.PointerValue, n: number): Float32Array {
  if (n === 0) return new Float32Array(0);
  if (!ptr) throw new TypeError("Cannot read an XGBoost result: the library returned no data");
  return new Float32Array(new Deno.UnsafePointerView(ptr).getArrayBuffer(n * 4).slice(0));
}

/**
 * Parses `XGBoosterEvalOneIter` text such as `"[3]\tval-rmse:1.5\tval-mae:1"`.
 *
 * @param text the evaluation text
 * @returns metric values keyed `"<data>-<metric>"`
 * @example Usage
 * ```ts
 * import { parseEvalText } from "@chronos-deno/chronos-deno/gbdt";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(parseEvalText("[3]\tval-rmse:1.5\tval-mae:1"), { "val-rmse": 1.5, "val-mae": 1 });
 * ```
 */
export function parseEvalText(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(/\s+/)) {
    const m = /^(.+):([-+0-9.eEinfa]+)$/.exec(part);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

/**
 * An XGBoost booster. Free it with {@linkcode Booster.free} (or `using`).
 *
 * @example Usage
 * ```ts
 * import { Booster } from "@chronos-deno/chronos-deno/gbdt";
 * import { DMatrix } from "@chronos-deno/chronos-deno/gbdt";
 * import { ok } from "node:assert/strict";
 * using d = DMatrix.fromDense(new Float32Array([0, 1, 2, 3]), 4, 1, { label: [0, 1, 2, 3] });
 * using b = Booster.create([d], { objective: "reg:squarederror", nthread: 1 });
 * for (let i = 0; i < 20; i++) b.updateOneIter(i, d);
 * ok(Math.abs(b.predict(d)[3]! - 3) < 0.5);
 * ```
 */
export class Booster {
  #handle: Deno.PointerValue;

  private constructor(handle: Deno.PointerValue) {
    this.#handle = handle;
  }

  /**
   * Creates a booster (`XGBoosterCreate`) and sets its parameters.
   *
   * @param cache the matrices it will train and evaluate on
   * @param params parameters, e.g. `{ objective: "reg:squarederror", max_depth: 6 }`
   * @returns the booster
   * @throws {XGBoostError} on an unknown or invalid parameter
   */
  static create(
    cache: readonly DMatrix[],
    params: Record<string, string | number> = {},
  ): Booster {
    const handles = new BigUint64Array(
      cache.map((m) => BigInt(Deno.UnsafePointer.value(m.handle))),
    );
    const out = new BigUint64Array(1);
    checkStatus(
      "XGBoosterCreate",
      xgboost().symbols.XGBoosterCreate(handles, BigInt(cache.length), out),
    );
    const b = new Booster(pointerIn(out));
    try {
      b.setParams(params);
    } catch (err) {
      b.free();
      throw err;
    }
    return b;
  }

  /**
   * Loads a booster from model JSON (`XGBoosterLoadModelFromBuffer`).
   *
   * @param json the text of {@linkcode Booster.saveModelJson}
   * @returns the booster
   * @throws {XGBoostError} when the text is not an XGBoost model
   */
  static loadModelJson(json: string): Booster {
    const b = Booster.create([]);
    try {
      const bytes = new TextEncoder().encode(json);
      checkStatus(
        "XGBoosterLoadModelFromBuffer",
        xgboost().symbols.XGBoosterLoadModelFromBuffer(b.handle, bytes, BigInt(bytes.length)),
      );
    } catch (err) {
      b.free();
      throw err;
    }
    return b;
  }

  /** The native handle; throws once freed. */
  get handle(): Deno.PointerObject {
    if (!this.#handle) {
      throw new ReferenceError("Cannot use a booster after it was freed: create or load a new one");
    }
    return this.#handle;
  }

  /**
   * Sets parameters one by one (`XGBoosterSetParam`).
   *
   * @param params name → value
   * @throws {XGBoostError} on an invalid value
   */
  setParams(params: Record<string, string | number>): void {
    for (const [k, v] of Object.entries(params)) {
      checkStatus(
        "XGBoosterSetParam",
        xgboost().symbols.XGBoosterSetParam(this.handle, cString(k), cString(String(v))),
      );
    }
  }

  /**
   * Runs one boosting round on `train` (`XGBoosterUpdateOneIter`).
   *
   * @param iteration the round number (0-based)
   * @param train the training matrix (with labels)
   */
  updateOneIter(iteration: number, train: DMatrix): void {
    checkStatus(
      "XGBoosterUpdateOneIter",
      xgboost().symbols.XGBoosterUpdateOneIter(this.handle, iteration, train.handle),
    );
  }

  /**
   * Evaluates the eval metrics on named matrices (`XGBoosterEvalOneIter`).
   *
   * @param iteration the round number
   * @param sets name → matrix (with labels)
   * @returns metric values keyed `"<name>-<metric>"`, e.g. `{ "val-rmse": 9.1 }`
   */
  evalOneIter(iteration: number, sets: Record<string, DMatrix>): Record<string, number> {
    const entries = Object.entries(sets);
    const names = entries.map(([n]) => cString(n));
    const handles = new BigUint64Array(
      entries.map(([, m]) => BigInt(Deno.UnsafePointer.value(m.handle))),
    );
    const namePtrs = new BigUint64Array(
      names.map((n) => BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(n)))),
    );
    const out = new BigUint64Array(1);
    checkStatus(
      "XGBoosterEvalOneIter",
      xgboost().symbols.XGBoosterEvalOneIter(
        this.handle,
        iteration,
        handles,
        namePtrs,
        BigInt(entries.length),
        out,
      ),
    );
    const ptr = pointerIn(out);
    return parseEvalText(ptr ? new Deno.UnsafePointerView(ptr).getCString() : "");
  }

  /**
   * Predicts one value per row (`XGBoosterPredictFromDMatrix`, normal prediction).
   *
   * @param data the matrix
   * @param options rounds to use
   * @returns the predictions, a copy owned by the caller
   */
  predict(data: DMatrix, options: PredictOptions = {}): Float32Array {
    const config = JSON.stringify({
      type: 0,
      training: false,
      iteration_begin: 0,
      iteration_end: options.iterationEnd ?? 0,
      strict_shape: false,
    });
    const shape = new BigUint64Array(1);
    const dim = new BigUint64Array(1);
    const result = new BigUint64Array(1);
    checkStatus(
      "XGBoosterPredictFromDMatrix",
      xgboost().symbols.XGBoosterPredictFromDMatrix(
        this.handle,
        data.handle,
        cString(config),
        shape,
        dim,
        result,
      ),
    );
    const dims = Number(dim[0]);
    const shapePtr = pointerIn(shape);
    let n = 1;
    if (shapePtr) {
      const view = new Deno.UnsafePointerView(shapePtr);
      for (let i = 0; i < dims; i++) n *= Number(view.getBigUint64(i * 8));
    }
    return readFloats(pointerIn(result), n);
  }

  /** Boosting rounds done so far (`XGBoosterBoostedRounds`). */
  get boostedRounds(): number {
    const out = new Int32Array(1);
    checkStatus(
      "XGBoosterBoostedRounds",
      xgboost().symbols.XGBoosterBoostedRounds(this.handle, out),
    );
    return out[0]!;
  }

  /** Number of features the model was trained on (`XGBoosterGetNumFeature`). */
  get numFeatures(): number {
    const out = new BigUint64Array(1);
    checkStatus(
      "XGBoosterGetNumFeature",
      xgboost().symbols.XGBoosterGetNumFeature(this.handle, out),
    );
    return Number(out[0]);
  }

  /**
   * A new booster with the rounds `begin..end-1` (`XGBoosterSlice`), e.g. up to
   * the best round of early stopping.
   *
   * @param begin first round
   * @param end one past the last round
   * @returns the sliced booster (free it too)
   * @throws {RangeError} when the range is empty or beyond the rounds done
   */
  slice(begin: number, end: number): Booster {
    if (!(begin >= 0 && end > begin && end <= this.boostedRounds)) {
      throw new RangeError(
        `Cannot slice rounds ${begin}..${end - 1}: the booster has rounds 0..${
          this.boostedRounds - 1
        }`,
      );
    }
    const out = new BigUint64Array(1);
    checkStatus(
      "XGBoosterSlice",
      xgboost().symbols.XGBoosterSlice(this.handle, begin, end, 1, out),
    );
    return new Booster(pointerIn(out));
  }

  /**
   * The model as XGBoost's JSON (`XGBoosterSaveModelToBuffer`, format json).
   *
   * @returns the JSON text
   */
  saveModelJson(): string {
    const len = new BigUint64Array(1);
    const ptr = new BigUint64Array(1);
    checkStatus(
      "XGBoosterSaveModelToBuffer",
      xgboost().symbols.XGBoosterSaveModelToBuffer(
        this.handle,
        cString('{"format": "json"}'),
        len,
        ptr,
      ),
    );
    const p = pointerIn(ptr);
    if (!p) return "";
    const bytes = new Uint8Array(new Deno.UnsafePointerView(p).getArrayBuffer(Number(len[0])));
    return new TextDecoder().decode(bytes);
  }

  /**
   * Feature importance (`XGBoosterFeatureScore`), one score per feature index;
   * features never used in a split score 0.
   *
   * @param type the importance kind
   * @returns scores by feature index (length {@linkcode Booster.numFeatures})
   */
  featureScore(type: ImportanceType = "gain"): Float64Array {
    const nFeatures = new BigUint64Array(1);
    const names = new BigUint64Array(1);
    const dim = new BigUint64Array(1);
    const shape = new BigUint64Array(1);
    const scores = new BigUint64Array(1);
    checkStatus(
      "XGBoosterFeatureScore",
      xgboost().symbols.XGBoosterFeatureScore(
        this.handle,
        cString(JSON.stringify({ importance_type: type })),
        nFeatures,
        names,
        dim,
        shape,
        scores,
      ),
    );
    const n = Number(nFeatures[0]);
    const out = new Float64Array(this.numFeatures);
    if (n === 0) return out;
    const values = readFloats(pointerIn(scores), n);
    const nameView = new Deno.UnsafePointerView(pointerIn(names)!);
    for (let i = 0; i < n; i++) {
      const p = Deno.UnsafePointer.create(nameView.getBigUint64(i * 8));
      const name = p ? new Deno.UnsafePointerView(p).getCString() : "";
      const index = Number(/^f(\d+)$/.exec(name)?.[1] ?? NaN);
      if (Number.isInteger(index) && index < out.length) out[index] = values[i]!;
    }
    return out;
  }

  /** Frees the native booster; later calls are no-ops. */
  free(): void {
    if (!this.#handle) return;
    const h = this.#handle;
    this.#handle = null;
    checkStatus("XGBoosterFree", xgboost().symbols.XGBoosterFree(h));
  }

  /** Frees the native booster at the end of a `using` block. */
  [Symbol.dispose](): void {
    this.free();
  }
}
