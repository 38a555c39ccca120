/**
 * Private shape rule and builder helper for the opset-18 reductions, whose axes
 * come as an optional int64 input.
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Dim, DType, Node, Value } from "../graph.ts";
import { getInt, intAttr } from "./_attrs.ts";
import { dtypeIn, knownInts, normAxis, req } from "./_dims.ts";
import { nameOpt, type NameOption } from "./_elementwise.ts";
import { fail, type OpDef, type VjpRule } from "./_op.ts";
import { unsqueeze } from "./unsqueeze.ts";

/** Options of the reductions. */
export interface ReduceOptions extends NameOption {
  /** Axes to reduce (negative counts from the end). @default all axes */
  axes?: readonly number[];
  /** Keep reduced axes as size 1. @default true */
  keepdims?: boolean;
}

/** The reduced axes of a reduction node, normalised, or `undefined` when unknown. */
export function reducedAxes(
  axes: readonly number[] | undefined,
  rank: number,
): number[] {
  if (axes === undefined || axes.length === 0) return Array.from({ length: rank }, (_, i) => i);
  return axes.map((a) => normAxis(a, rank, "axis")).sort((p, q) => p - q);
}

/** Definition of a reduction op. */
export function reduceDef(
  type: string,
  defaultName: string,
  dtypes: readonly DType[],
  vjp?: VjpRule,
): OpDef {
  return {
    type,
    defaultName,
    infer(ctx, inputs, attrs) {
      const x = req(inputs, 0, "data");
      dtypeIn(x, dtypes, "data");
      const keep = getInt(attrs, "keepdims", 1) !== 0;
      const axesIn = inputs[1];
      let axes: readonly number[] | undefined;
      if (axesIn) {
        axes = knownInts(ctx, axesIn);
        if (axes === undefined) fail("axes must be a constant", "constant axes", axesIn.name);
      }
      const red = new Set(reducedAxes(axes, x.shape.length));
      const shape: Dim[] = [];
      x.shape.forEach((d, i) => {
        if (!red.has(i)) shape.push(d);
        else if (keep) shape.push(1);
      });
      return [{ dtype: x.dtype, shape }];
    },
    ...(vjp ? { vjp } : {}),
  };
}

/** The normalised reduced axes of a reduction node (its axes input must be constant). */
export function nodeAxes(b: GraphBuilder, x: Value, axesIn: Value | undefined): number[] {
  const c = axesIn ? b.constantOf(axesIn) : undefined;
  if (axesIn && !c) {
    throw new TypeError("Cannot differentiate a reduction whose axes are not constant");
  }
  const axes = c ? Array.from(c.data as BigInt64Array, Number) : undefined;
  return reducedAxes(axes, x.shape.length);
}

/**
 * GO(0) brought back to the keepdims shape (Unsqueeze at the reduced axes when keepdims
 * is 0), ready to broadcast against I(0).
 */
export function keepdimsGrad(b: GraphBuilder, node: Node, go: Value, axes: number[]): Value {
  if (getInt(node.attributes, "keepdims", 1) !== 0 || axes.length === 0) return go;
  return unsqueeze(b, go, { axes });
}

/** Adds a reduction node. */
export function applyReduce(
  b: GraphBuilder,
  def: OpDef,
  x: Value,
  options: ReduceOptions,
): Value {
  const axes = options.axes && options.axes.length > 0
    ? b.constant(options.axes, [options.axes.length], "int64")
    : undefined;
  return b.addNode(
    def,
    axes ? [x, axes] : [x],
    { keepdims: intAttr(options.keepdims === false ? 0 : 1) },
    nameOpt(options),
  )[0]!;
}
