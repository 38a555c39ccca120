/**
 * Encoding of categorical covariates, as the official preprocessing does it
 * (chronos `preprocess.py`, release 2.3): per-item target encoding with
 * smoothing 1 when there is exactly one target, ordinal codes otherwise.
 * Categories are the sorted unique past values across all items; a missing
 * value is its own category.
 *
 * @module
 */

/** A categorical column stacked over items: raw values as strings (null = missing). */
export interface CategoricalColumn {
  /** Past values of all items, item after item. */
  past: (string | null)[];
  /** Future values of all items (each item `predictionLength` long), or undefined. */
  future?: (string | null)[];
}

/** Encoded values (float32), past and optional future. */
export interface EncodedColumn {
  /** Encoded past values. */
  past: Float32Array;
  /** Encoded future values, when future values were given. */
  future?: Float32Array;
}

/**
 * Encodes one categorical covariate.
 *
 * @param column stacked past (and future) values
 * @param lengths past length of each item
 * @param predictionLength future length of each item
 * @param target first target row, stacked like `column.past` (used for target encoding)
 * @param targetEncode true: target encoding; false: ordinal codes
 * @returns float32 codes
 * @example Usage
 * ```ts
 * import { encodeCategorical } from "./categorical.ts";
 * const enc = encodeCategorical({ past: ["a", "b", "a"] }, [3], 0, new Float32Array([1, 2, 3]), false);
 * if (enc.past.join(",") !== "0,1,0") throw new Error();
 * ```
 */
export function encodeCategorical(
  column: CategoricalColumn,
  lengths: readonly number[],
  predictionLength: number,
  target: ArrayLike<number>,
  targetEncode: boolean,
): EncodedColumn {
  const categories = [...new Set(column.past.filter((v): v is string => v !== null))].sort(
    compareCategories,
  );
  const index = new Map(categories.map((c, i) => [c, i]));
  const nReal = categories.length;
  const nanSlot = nReal;
  const nCategories = nReal + 1;
  const sentinel = nCategories;
  const pastCodes = column.past.map((v) => (v === null ? nanSlot : index.get(v)!));
  const futureCodes = column.future?.map((v) => (v === null ? nanSlot : index.get(v) ?? sentinel));

  if (!targetEncode) {
    const out: EncodedColumn = { past: Float32Array.from(pastCodes) };
    if (futureCodes) out.future = Float32Array.from(futureCodes, (c) => (c === sentinel ? NaN : c));
    return out;
  }
  const nItems = lengths.length;
  const nSlots = nCategories + 1;
  const itemSums = new Float64Array(nItems);
  const itemCounts = new Float64Array(nItems);
  const sums = new Float64Array(nItems * nSlots);
  const counts = new Float64Array(nItems * nSlots);
  const idCodes = new Int32Array(column.past.length);
  let row = 0;
  for (let item = 0; item < nItems; item++) {
    for (let t = 0; t < lengths[item]!; t++, row++) idCodes[row] = item;
  }
  for (let r = 0; r < idCodes.length; r++) {
    const y = target[r]!;
    const ok = Number.isFinite(y);
    const w = ok ? y : 0;
    const m = ok ? 1 : 0;
    itemSums[idCodes[r]!] = itemSums[idCodes[r]!]! + w * m;
    itemCounts[idCodes[r]!] = itemCounts[idCodes[r]!]! + m;
    const k = idCodes[r]! * nSlots + pastCodes[r]!;
    sums[k] = sums[k]! + w * m;
    counts[k] = counts[k]! + m;
  }
  const lookup = new Float64Array(nItems * nSlots);
  for (let item = 0; item < nItems; item++) {
    const mean = itemCounts[item]! > 0 ? itemSums[item]! / itemCounts[item]! : 0;
    for (let s = 0; s < nSlots; s++) {
      const k = item * nSlots + s;
      lookup[k] = (1 * mean + sums[k]!) / (1 + counts[k]!);
    }
  }
  const out: EncodedColumn = {
    past: Float32Array.from(pastCodes, (c, r) => lookup[idCodes[r]! * nSlots + c]!),
  };
  if (futureCodes) {
    out.future = Float32Array.from(
      futureCodes,
      (c, r) => lookup[Math.floor(r / predictionLength) * nSlots + c]!,
    );
  }
  return out;
}

function compareCategories(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
