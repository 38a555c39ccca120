/**
 * Private helpers for VJP rules: reshaping or expanding a gradient to the shape of
 * a forward value, statically when its dims are known, else through `Shape`.
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { expand } from "./expand.ts";
import { reshape } from "./reshape.ts";
import { shape } from "./shape.ts";

/** The dims of `v` when all are numeric. */
export function staticDims(v: Value): number[] | undefined {
  return v.shape.every((d) => typeof d === "number") ? (v.shape as number[]) : undefined;
}

/** The shape of `v` for Reshape/Expand: numbers when static, else a `Shape` node. */
export function shapeInput(b: GraphBuilder, v: Value): number[] | Value {
  return staticDims(v) ?? shape(b, v);
}

/** Reshapes `g` to the shape of `like`. */
export function reshapeLike(b: GraphBuilder, g: Value, like: Value): Value {
  return reshape(b, g, shapeInput(b, like));
}

/** Broadcasts `g` to the shape of `like`. */
export function expandLike(b: GraphBuilder, g: Value, like: Value): Value {
  return expand(b, g, shapeInput(b, like));
}
