/**
 * Private factories for element-wise ops (unary and broadcasting binary), and
 * the operand helper that lets builders take plain numbers as scalars.
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { DType, Value } from "../graph.ts";
import { broadcastShapes, dtypeIn, req, sameDtype } from "./_dims.ts";
import type { OpDef, VjpRule } from "./_op.ts";

/** Options every op builder accepts. */
export interface NameOption {
  /** Last component of the node path. @default the op name, e.g. `"matmul"` */
  name?: string;
}

/** A value, or a number that becomes a scalar constant of the other operand's dtype. */
export type Operand = Value | number;

/** Float dtypes. */
export const FLOATS: readonly DType[] = ["float32", "float64"];
/** Numeric dtypes. */
export const NUMERIC: readonly DType[] = ["float32", "float64", "int32", "int64"];

/** Definition of a unary element-wise op whose output has the input's shape. */
export function unaryDef(
  type: string,
  defaultName: string,
  dtypes: readonly DType[],
  vjp?: VjpRule,
  outDtype?: DType,
): OpDef {
  return {
    type,
    defaultName,
    infer(_ctx, inputs) {
      const x = req(inputs, 0, "X");
      dtypeIn(x, dtypes, "X");
      return [{ dtype: outDtype ?? x.dtype, shape: [...x.shape] }];
    },
    ...(vjp ? { vjp } : {}),
  };
}

/** Definition of a broadcasting binary op. */
export function binaryDef(
  type: string,
  defaultName: string,
  dtypes: readonly DType[],
  vjp?: VjpRule,
  outDtype?: DType,
): OpDef {
  return {
    type,
    defaultName,
    infer(ctx, inputs) {
      const a = req(inputs, 0, "A");
      const c = req(inputs, 1, "B");
      sameDtype([a, c]);
      dtypeIn(a, dtypes, "A");
      return [{ dtype: outDtype ?? a.dtype, shape: broadcastShapes(ctx, a.shape, c.shape) }];
    },
    ...(vjp ? { vjp } : {}),
  };
}

/** Turns a number into a scalar constant of `like`'s dtype. */
export function operand(b: GraphBuilder, v: Operand, like: DType): Value {
  return typeof v === "number" ? b.constant([v], [], like) : v;
}

/** Adds a unary node. */
export function applyUnary(b: GraphBuilder, def: OpDef, x: Value, options: NameOption): Value {
  return b.addNode(def, [x], {}, nameOpt(options))[0]!;
}

/** Adds a binary node; numbers become scalars of the other operand's dtype. */
export function applyBinary(
  b: GraphBuilder,
  def: OpDef,
  x: Operand,
  y: Operand,
  options: NameOption,
): Value {
  if (typeof x === "number" && typeof y === "number") {
    throw new TypeError(`Cannot build ${def.type}: at least one operand must be a graph value`);
  }
  const dtype = typeof x === "number" ? (y as Value).dtype : x.dtype;
  return b.addNode(def, [operand(b, x, dtype), operand(b, y, dtype)], {}, nameOpt(options))[0]!;
}

/** Node options with only the defined name. */
export function nameOpt(options: NameOption): { name?: string } {
  return options.name === undefined ? {} : { name: options.name };
}
