/**
 * Private shape helpers shared by the op files: broadcasting, axis
 * normalisation, element counts.
 *
 * @module
 */

import { type Dim, formatShape, type Value } from "../graph.ts";
import { fail, type InferContext } from "./_op.ts";

/** Largest int64, the ONNX idiom for "to the end" in Slice. */
export const INT64_MAX = 9223372036854775807;

/**
 * Multidirectional (numpy) broadcast of two shapes. A symbolic dim against 1
 * gives the symbolic dim; against another number n > 1 it gives n; two different
 * symbols give a fresh unknown dim.
 */
export function broadcastShapes(
  ctx: InferContext,
  a: readonly Dim[],
  b: readonly Dim[],
): Dim[] {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da === db) out.push(da);
    else if (da === 1) out.push(db);
    else if (db === 1) out.push(da);
    else if (typeof da === "number" && typeof db === "number") {
      fail(
        `cannot broadcast ${formatShape(a)} with ${
          formatShape(b)
        }: dimension ${i} is ${da} vs ${db}`,
        formatShape(a),
        formatShape(b),
      );
    } else if (typeof da === "number") out.push(da);
    else if (typeof db === "number") out.push(db);
    else out.push(ctx.unknownDim());
  }
  return out;
}

/** Normalises a possibly negative axis for a given rank, failing when out of range. */
export function normAxis(axis: number, rank: number, what = "axis"): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    fail(
      `${what} ${axis} is out of range for rank ${rank}`,
      `-${rank} <= ${what} < ${rank}`,
      `${axis}`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** Element count when every dim is numeric. */
export function numel(shape: readonly Dim[]): number | undefined {
  let n = 1;
  for (const d of shape) {
    if (typeof d !== "number") return undefined;
    n *= d;
  }
  return n;
}

/** Fails unless every defined input has the same dtype. */
export function sameDtype(inputs: readonly (Value | undefined)[]): void {
  const first = inputs.find((v) => v !== undefined);
  for (const v of inputs) {
    if (v && first && v.dtype !== first.dtype) {
      fail(`input dtypes differ: ${first.dtype} vs ${v.dtype}`, first.dtype, v.dtype);
    }
  }
}

/** Returns input i, failing when it is missing. */
export function req(inputs: readonly (Value | undefined)[], i: number, what: string): Value {
  const v = inputs[i];
  if (!v) fail(`input ${i} (${what}) is missing`, what, "nothing");
  return v;
}

/** Fails unless the value's dtype is one of `allowed`. */
export function dtypeIn(v: Value, allowed: readonly string[], what: string): void {
  if (!allowed.includes(v.dtype)) {
    fail(`${what} must be ${allowed.join(" or ")}, got ${v.dtype}`, allowed.join("|"), v.dtype);
  }
}

/** The known integer content of a 1-D or scalar int64 input, or `undefined`. */
export function knownInts(ctx: InferContext, v: Value | undefined): number[] | undefined {
  if (!v) return undefined;
  const dims = ctx.dimsOf(v);
  if (dims && dims.every((d) => typeof d === "number")) return dims as number[];
  const c = ctx.constantOf(v);
  if (!c) return undefined;
  return Array.from(c.data as ArrayLike<number | bigint>, Number);
}
