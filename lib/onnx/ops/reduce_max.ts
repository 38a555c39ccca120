/**
 * ReduceMax: maximum over axes (ONNX `ReduceMax`, opset 18: axes as an input).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Value } from "../graph.ts";
import { NUMERIC } from "./_elementwise.ts";
import type { OpDef } from "./_op.ts";
import { applyReduce, reduceDef, type ReduceOptions } from "./_reduce.ts";

/** ONNX `ReduceMax`: shape/dtype rule and VJP (below). */
export const REDUCE_MAX: OpDef = reduceDef("ReduceMax", "reduce_max", NUMERIC);

/**
 * The maximum of `x` over `axes` (all axes when omitted).
 *
 * @param b the graph builder
 * @param x the input
 * @param options axes, keepdims (default true) and node name
 * @returns the reduced tensor
 * @throws {ShapeError} when an axis is out of range
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "../builder.ts";
 * import { reduceMax } from "./reduce_max.ts";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["b", 4, 8]);
 * assert.deepEqual(reduceMax(b, x, { axes: [-1], keepdims: true }).shape, ["b", 4, 1]);
 * ```
 */
export function reduceMax(b: GraphBuilder, x: Value, options: ReduceOptions = {}): Value {
  return applyReduce(b, REDUCE_MAX, x, options);
}
