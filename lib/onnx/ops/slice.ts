/**
 * Slice: strided sub-range along some axes (ONNX `Slice`, opset 13).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Dim, Value } from "../graph.ts";
import { knownInts, normAxis, req } from "./_dims.ts";
import { nameOpt, type NameOption } from "./_elementwise.ts";
import { fail, type OpDef } from "./_op.ts";

/** Start and length of a slice of a numeric dim (ONNX clamping rules). */
export function sliceRange(
  dim: number,
  start: number,
  end: number,
  step: number,
): { first: number; count: number } {
  let s = start < 0 ? start + dim : start;
  let e = end < 0 ? end + dim : end;
  if (step > 0) {
    s = Math.min(Math.max(s, 0), dim);
    e = Math.min(Math.max(e, 0), dim);
    return { first: s, count: Math.max(0, Math.ceil((e - s) / step)) };
  }
  s = Math.min(Math.max(s, 0), dim - 1);
  e = Math.min(Math.max(e, -1), dim - 1);
  return { first: s, count: Math.max(0, Math.ceil((s - e) / -step)) };
}

/** ONNX `Slice`: shape/dtype rule and VJP (below). */
export const SLICE: OpDef = {
  type: "Slice",
  defaultName: "slice",
  infer(ctx, inputs) {
    const x = req(inputs, 0, "data");
    const rank = x.shape.length;
    const starts = knownInts(ctx, req(inputs, 1, "starts"));
    const ends = knownInts(ctx, req(inputs, 2, "ends"));
    const axesIn = inputs[3];
    let axes = axesIn ? knownInts(ctx, axesIn) : undefined;
    if (axesIn && !axes) fail("axes must be a constant", "constant axes", axesIn.name);
    const n = starts?.length ?? ends?.length ?? (inputs[1]!.shape[0] as number);
    axes = (axes ?? Array.from({ length: n }, (_, i) => i)).map((a) => normAxis(a, rank));
    const steps = inputs[4] ? knownInts(ctx, inputs[4]) : axes.map(() => 1);
    if (new Set(axes).size !== axes.length) fail(`axes [${axes.join(", ")}] repeat an axis`);
    const shape: Dim[] = [...x.shape];
    let dims: Dim[] | undefined;
    const content = rank === 1 ? ctx.dimsOf(x) : undefined;
    axes.forEach((axis, i) => {
      const d = x.shape[axis]!;
      const s = starts?.[i];
      const e = ends?.[i];
      const st = steps?.[i];
      if (st === 0) fail("steps must not be 0");
      if (s === undefined || e === undefined || st === undefined) {
        shape[axis] = ctx.unknownDim();
        return;
      }
      if (typeof d === "number") {
        const r = sliceRange(d, s, e, st);
        shape[axis] = r.count;
        if (content) dims = Array.from({ length: r.count }, (_, k) => content[r.first + k * st]!);
      } else if (!(s === 0 && e >= 2 ** 62 && st === 1)) {
        shape[axis] = ctx.unknownDim();
      }
    });
    return [{ dtype: x.dtype, shape, ...(dims ? { dims } : {}) }];
  },
};

/** Options of {@linkcode slice}. */
export interface SliceOptions extends NameOption {
  /** Start index per sliced axis (negative counts from the end). */
  starts: readonly number[] | Value;
  /** End index (exclusive) per sliced axis; use `Number.MAX_SAFE_INTEGER` for "to the end". */
  ends: readonly number[] | Value;
  /** Axes being sliced. @default 0..starts.length-1 */
  axes?: readonly number[];
  /** Step per sliced axis. @default all 1 */
  steps?: readonly number[];
}

function ints(b: GraphBuilder, v: readonly number[] | Value): Value {
  if (!Array.isArray(v)) return v as Value;
  const clamp = (v as number[]).map((x) =>
    x >= 2 ** 62 ? 9223372036854775807n : x <= -(2 ** 62) ? -9223372036854775807n : BigInt(x)
  );
  return b.constant(BigInt64Array.from(clamp), [clamp.length], "int64");
}

/**
 * Takes `x[starts:ends:steps]` along `axes`.
 *
 * @param b the graph builder
 * @param x the input
 * @param options starts, ends, axes, steps and node name
 * @returns the slice
 * @throws {ShapeError} when an axis is out of range or a step is 0
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "../builder.ts";
 * import { slice } from "./slice.ts";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["b", 10]);
 * assert.deepEqual(slice(b, x, { starts: [2], ends: [-1], axes: [1] }).shape, ["b", 7]);
 * ```
 */
export function slice(b: GraphBuilder, x: Value, options: SliceOptions): Value {
  const inputs = [x, ints(b, options.starts), ints(b, options.ends)];
  const n = Array.isArray(options.starts) ? options.starts.length : undefined;
  if (options.axes || options.steps) {
    const axes = options.axes ?? Array.from({ length: n ?? 0 }, (_, i) => i);
    inputs.push(ints(b, axes));
    if (options.steps) inputs.push(ints(b, options.steps));
  }
  return b.addNode(SLICE, inputs, {}, nameOpt(options))[0]!;
}
