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
import { concat } from "./concat.ts";
import { constantOfShape } from "./constant_of_shape.ts";
import { expand } from "./expand.ts";
import { pad } from "./pad.ts";
import { scatterElements } from "./scatter_elements.ts";
import { shape } from "./shape.ts";

/**
 * Start and length of a slice of a numeric dim (ONNX clamping rules).
 *
 * @param dim the dim's size
 * @param start first index (negative counts from the end)
 * @param end index past the last (negative counts from the end; clamped)
 * @param step stride (negative walks backwards)
 * @returns the first index taken and how many
 * @example Usage
 * ```ts
 * import { sliceRange } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * assert.deepEqual(sliceRange(10, -3, 100, 1), { first: 7, count: 3 });
 * assert.deepEqual(sliceRange(10, 9, -100, -2), { first: 9, count: 5 });
 * ```
 */
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
      } else if (!(s === 0 && e >= Number.MAX_SAFE_INTEGER && st === 1)) {
        shape[axis] = ctx.unknownDim();
      }
    });
    return [{ dtype: x.dtype, shape, ...(dims ? { dims } : {}) }];
  },
  // VJP: per sliced axis (last first), steps ±1 become Pad with zeros, other steps a
  // ScatterElements of the picked positions; sliced axes need static dims (an axis kept
  // whole, 0 to the end with step 1, may be symbolic). Saves starts/ends/axes/steps.
  vjp(b, { node, inputs, gradOutputs }) {
    const x = inputs[0]!;
    const rank = x.shape.length;
    const ints = (v: Value | undefined) => {
      if (!v) return undefined;
      const c = b.constantOf(v);
      if (!c) {
        throw new TypeError(
          `Cannot differentiate Slice "${node.name}": its bounds must be constant`,
        );
      }
      return Array.from(c.data as BigInt64Array, Number);
    };
    const starts = ints(inputs[1])!;
    const ends = ints(inputs[2])!;
    const axes = (ints(inputs[3]) ?? starts.map((_, i) => i)).map((a) => (a + rank) % rank);
    const steps = ints(inputs[4]) ?? axes.map(() => 1);
    let g = gradOutputs[0]!;
    for (let i = axes.length - 1; i >= 0; i--) {
      const axis = axes[i]!;
      const d = x.shape[axis]!;
      const [s, e, st] = [starts[i]!, ends[i]!, steps[i]!];
      if (typeof d !== "number") {
        if (s === 0 && e >= Number.MAX_SAFE_INTEGER && st === 1) continue;
        throw new TypeError(
          `Cannot differentiate Slice "${node.name}": axis ${axis} has symbolic size "${d}"`,
        );
      }
      const r = sliceRange(d, s, e, st);
      if (r.count === d && st === 1) continue;
      if (st === 1 || st === -1) {
        const lo = st === 1 ? r.first : r.first - r.count + 1;
        if (st === -1) {
          g = slice(b, g, { starts: [-1], ends: [-(2 ** 62)], axes: [axis], steps: [-1] });
        }
        g = pad(b, g, { pads: [lo, d - lo - r.count], axes: [axis] });
      } else {
        const pos = Array.from({ length: r.count }, (_, k) => r.first + k * st);
        const lift = Array.from({ length: rank }, (_, k) => (k === axis ? r.count : 1));
        const ids = expand(b, b.constant(pos, lift, "int64"), shape(b, g));
        const zshape = concat(b, [
          shape(b, g, { start: 0, end: axis }),
          b.constant([d], [1], "int64"),
          shape(b, g, { start: axis + 1 }),
        ], { axis: 0 });
        const zeros = constantOfShape(b, zshape, { dtype: g.dtype });
        g = scatterElements(b, zeros, ids, g, { axis, reduction: "add" });
      }
    }
    return [g, undefined, undefined, undefined, undefined];
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
    x >= Number.MAX_SAFE_INTEGER
      ? 9223372036854775807n
      : x <= -Number.MAX_SAFE_INTEGER
      ? -9223372036854775807n
      : BigInt(x)
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
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { slice } from "@chronos-deno/chronos-deno/onnx";
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
