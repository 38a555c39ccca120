/**
 * Pad: pads the borders of a tensor (ONNX `Pad`, opset 18).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import { type Dim, formatShape, type Value } from "../graph.ts";
import { getString, stringAttr } from "./_attrs.ts";
import { knownInts, normAxis, req } from "./_dims.ts";
import { nameOpt, type NameOption } from "./_elementwise.ts";
import { fail, type OpDef } from "./_op.ts";
import { slice } from "./slice.ts";

/** ONNX `Pad`: shape/dtype rule and VJP (below). */
export const PAD: OpDef = {
  type: "Pad",
  defaultName: "pad",
  infer(ctx, inputs, attrs) {
    const x = req(inputs, 0, "data");
    const rank = x.shape.length;
    const mode = getString(attrs, "mode", "constant");
    if (!["constant", "reflect", "edge", "wrap"].includes(mode)) fail(`unknown mode "${mode}"`);
    const pads = knownInts(ctx, req(inputs, 1, "pads"));
    const axesIn = inputs[3];
    const axes = axesIn
      ? knownInts(ctx, axesIn)?.map((a) => normAxis(a, rank))
      : Array.from({ length: rank }, (_, i) => i);
    if (!axes) fail("axes must be a constant");
    if (!pads) {
      const shape: Dim[] = [...x.shape];
      for (const a of axes) shape[a] = ctx.unknownDim();
      return [{ dtype: x.dtype, shape }];
    }
    if (pads.length !== 2 * axes.length) {
      fail(
        `pads has ${pads.length} entries but ${2 * axes.length} are needed for ${
          formatShape(x.shape)
        }`,
        `${2 * axes.length}`,
        `${pads.length}`,
      );
    }
    const shape: Dim[] = [...x.shape];
    axes.forEach((a, i) => {
      const d = x.shape[a]!;
      const add = pads[i]! + pads[i + axes.length]!;
      shape[a] = add === 0 ? d : typeof d === "number" ? d + add : ctx.unknownDim();
      if (typeof shape[a] === "number" && (shape[a] as number) < 0) {
        fail(`pads remove more than the ${d} entries of axis ${a}`);
      }
    });
    return [{ dtype: x.dtype, shape }];
  },
  // VJP (mode "constant" only): GI(0) = Slice(GO(0), begin, −end) along the padded axes.
  // Saves the pads.
  vjp(b, { node, inputs, gradOutputs }) {
    if (getString(node.attributes, "mode", "constant") !== "constant") {
      throw new TypeError(
        `Cannot differentiate Pad "${node.name}": only mode "constant" has a VJP`,
      );
    }
    const x = inputs[0]!;
    const pc = b.constantOf(inputs[1]!);
    if (!pc) throw new TypeError(`Cannot differentiate Pad "${node.name}": pads must be constant`);
    const pads = Array.from(pc.data as BigInt64Array, Number);
    const rank = x.shape.length;
    const ac = inputs[3] ? b.constantOf(inputs[3]) : undefined;
    const axes = ac
      ? Array.from(ac.data as BigInt64Array, (a) => (Number(a) + rank) % rank)
      : x.shape.map((_, i) => i);
    const n = axes.length;
    const starts = axes.map((_, i) => pads[i]!);
    const ends = axes.map((_, i) => (pads[i + n]! === 0 ? 2 ** 62 : -pads[i + n]!));
    return [slice(b, gradOutputs[0]!, { starts, ends, axes }), undefined, undefined, undefined];
  },
};

/** Options of {@linkcode pad}. */
export interface PadOptions extends NameOption {
  /** `[begin_0, begin_1, …, end_0, end_1, …]` per padded axis; negative values crop. */
  pads: readonly number[];
  /**
   * Axes the pads refer to; the node is written with pads over every axis (no
   * `axes` input), which ONNX Runtime's optimizer handles. @default all axes
   */
  axes?: readonly number[];
  /** Fill value for mode "constant". @default 0 */
  value?: number;
  /** Padding mode. @default "constant" */
  mode?: "constant" | "reflect" | "edge" | "wrap";
}

/**
 * Pads `x` with `pads` (begins then ends) along `axes`.
 *
 * @param b the graph builder
 * @param x the input
 * @param options pads, axes, value, mode and node name
 * @returns the padded tensor
 * @throws {ShapeError} when `pads` has the wrong length
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { pad } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["b", 10]);
 * assert.deepEqual(pad(b, x, { pads: [6, 0], axes: [1], value: NaN }).shape, ["b", 16]);
 * ```
 */
export function pad(b: GraphBuilder, x: Value, options: PadOptions): Value {
  const full = options.axes ? fullRankPads(x.shape.length, options.pads, options.axes) : undefined;
  const pads = full ?? options.pads;
  const inputs: (Value | undefined)[] = [x, b.constant(pads, [pads.length], "int64")];
  const mode = options.mode ?? "constant";
  if (options.value !== undefined && options.value !== 0) {
    inputs.push(b.constant([options.value], [], x.dtype));
  }
  if (options.axes && !full) {
    // only reached with invalid axes or pads: the shape rule reports them
    if (inputs.length === 2) inputs.push(undefined);
    inputs.push(b.constant(options.axes, [options.axes.length], "int64"));
  }
  return b.addNode(PAD, inputs, { mode: stringAttr(mode) }, nameOpt(options))[0]!;
}

/**
 * Pads over the given axes spelled over every axis (zeros elsewhere), so that
 * the node needs no `axes` input: ONNX Runtime 1.30's transpose optimizer
 * rewrites a Pad that has one wrongly (a Gather out of bounds at run time).
 * Undefined when the axes or pads are invalid (left to the shape rule).
 */
function fullRankPads(
  rank: number,
  pads: readonly number[],
  axes: readonly number[],
): number[] | undefined {
  const n = axes.length;
  if (pads.length !== 2 * n) return undefined;
  const out = new Array<number>(2 * rank).fill(0);
  const seen = new Set<number>();
  for (const [i, a] of axes.entries()) {
    if (!Number.isInteger(a) || a < -rank || a >= rank) return undefined;
    const axis = a < 0 ? a + rank : a;
    if (seen.has(axis)) return undefined;
    seen.add(axis);
    out[axis] = pads[i]!;
    out[axis + rank] = pads[i + n]!;
  }
  return out;
}
