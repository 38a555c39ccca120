/**
 * Private helpers for VJP rules: reshaping or expanding a gradient to the shape of
 * a forward value, statically when its dims are known, else through `Shape`; and
 * the rule shared by the element-wise selections (Max, Min).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import type { VjpArgs } from "./_op.ts";
import { equal } from "./equal.ts";
import { expand } from "./expand.ts";
import { where } from "./where.ts";
import { shape } from "./shape.ts";

/** The dims of `v` when all are numeric. */
export function staticDims(v: Value): number[] | undefined {
  return v.shape.every((d) => typeof d === "number") ? (v.shape as number[]) : undefined;
}

/** The shape of `v` for Reshape/Expand: numbers when static, else a `Shape` node. */
export function shapeInput(b: GraphBuilder, v: Value): number[] | Value {
  return staticDims(v) ?? shape(b, v);
}

/** Broadcasts `g` to the shape of `like`. */
export function expandLike(b: GraphBuilder, g: Value, like: Value): Value {
  return expand(b, g, shapeInput(b, like));
}

/**
 * VJP of an element-wise selection of one of two inputs (Max, Min): the gradient goes to the
 * input that was selected, GI(0) = Where(O(0) == I(0), GO(0), 0),
 * GI(1) = Where(O(0) == I(0), 0, GO(0)); ties go to I(0). Saves I(0), O(0).
 */
export function selectionVjp(b: GraphBuilder, args: VjpArgs): (Value | undefined)[] {
  const go = args.gradOutputs[0]!;
  const pick = equal(b, args.outputs[0]!, args.inputs[0]!);
  const zero = b.constant([0], [], go.dtype);
  return [where(b, pick, go, zero), where(b, pick, zero, go)];
}
