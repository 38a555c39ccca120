/**
 * The op registry and the op builders, one ONNX op per file (opset 18). Each file
 * holds the forward builder, its shape rule and, right beneath, its VJP rule.
 *
 * @module
 */

import type { OpDef } from "./_op.ts";
import { ABS } from "./abs.ts";
import { ADD } from "./add.ts";
import { AND } from "./and.ts";
import { ASINH } from "./asinh.ts";
import { CAST } from "./cast.ts";
import { CEIL } from "./ceil.ts";
import { CONCAT } from "./concat.ts";
import { CONSTANT_OF_SHAPE } from "./constant_of_shape.ts";
import { COS } from "./cos.ts";
import { DIV } from "./div.ts";
import { DROPOUT } from "./dropout.ts";
import { EQUAL } from "./equal.ts";
import { EXP } from "./exp.ts";
import { EXPAND } from "./expand.ts";
import { GATHER } from "./gather.ts";
import { GREATER } from "./greater.ts";
import { IDENTITY } from "./identity.ts";
import { IS_NAN } from "./is_nan.ts";
import { LESS } from "./less.ts";
import { LESS_OR_EQUAL } from "./less_or_equal.ts";
import { LOG } from "./log.ts";
import { GEMM } from "./gemm.ts";
import { FUSED_MAT_MUL } from "./fused_mat_mul.ts";
import { MAT_MUL } from "./mat_mul.ts";
import { MAX } from "./max.ts";
import { MIN } from "./min.ts";
import { MUL } from "./mul.ts";
import { NEG } from "./neg.ts";
import { NOT } from "./not.ts";
import { PAD } from "./pad.ts";
import { POW } from "./pow.ts";
import { RANDOM_UNIFORM_LIKE } from "./random_uniform_like.ts";
import { RANGE } from "./range.ts";
import { RECIPROCAL } from "./reciprocal.ts";
import { REDUCE_MAX } from "./reduce_max.ts";
import { REDUCE_MEAN } from "./reduce_mean.ts";
import { REDUCE_SUM } from "./reduce_sum.ts";
import { RELU } from "./relu.ts";
import { RESHAPE } from "./reshape.ts";
import { SCATTER_ELEMENTS } from "./scatter_elements.ts";
import { SHAPE } from "./shape.ts";
import { SIGN } from "./sign.ts";
import { SIN } from "./sin.ts";
import { SINH } from "./sinh.ts";
import { SLICE } from "./slice.ts";
import { SOFTMAX } from "./softmax.ts";
import { SQRT } from "./sqrt.ts";
import { SQUEEZE } from "./squeeze.ts";
import { SUB } from "./sub.ts";
import { TILE } from "./tile.ts";
import { TRANSPOSE } from "./transpose.ts";
import { TREE_ENSEMBLE_REGRESSOR } from "./tree_ensemble_regressor.ts";
import { DYNAMIC_QUANTIZE_MAT_MUL } from "./dynamic_quantize_mat_mul.ts";
import { UNSQUEEZE } from "./unsqueeze.ts";
import { WHERE } from "./where.ts";

export { abs } from "./abs.ts";
export { add } from "./add.ts";
export { and } from "./and.ts";
export { asinh } from "./asinh.ts";
export { cast, type CastOptions } from "./cast.ts";
export { ceil } from "./ceil.ts";
export { concat, type ConcatOptions } from "./concat.ts";
export { constantOfShape, type ConstantOfShapeOptions } from "./constant_of_shape.ts";
export { cos } from "./cos.ts";
export { div } from "./div.ts";
export { dynamicQuantizeMatMul } from "./dynamic_quantize_mat_mul.ts";
export { dropout, type DropoutOptions } from "./dropout.ts";
export { equal } from "./equal.ts";
export { exp } from "./exp.ts";
export { expand } from "./expand.ts";
export { gather, type GatherOptions } from "./gather.ts";
export { greater } from "./greater.ts";
export { identity } from "./identity.ts";
export { isNaN } from "./is_nan.ts";
export { less } from "./less.ts";
export { lessOrEqual } from "./less_or_equal.ts";
export { log } from "./log.ts";
export { gemm, type GemmOptions } from "./gemm.ts";
export { fusedMatMul, type FusedMatMulOptions } from "./fused_mat_mul.ts";
export { matMul } from "./mat_mul.ts";
export { max } from "./max.ts";
export { min } from "./min.ts";
export { mul } from "./mul.ts";
export { neg } from "./neg.ts";
export { not } from "./not.ts";
export { pad, type PadOptions } from "./pad.ts";
export { pow } from "./pow.ts";
export { randomUniformLike, type RandomUniformLikeOptions } from "./random_uniform_like.ts";
export { range, type RangeOptions } from "./range.ts";
export { reciprocal } from "./reciprocal.ts";
export { reduceMax } from "./reduce_max.ts";
export { reduceMean } from "./reduce_mean.ts";
export { reduceSum } from "./reduce_sum.ts";
export { relu } from "./relu.ts";
export { reshape } from "./reshape.ts";
export { scatterElements, type ScatterElementsOptions } from "./scatter_elements.ts";
export { shape, type ShapeOptions } from "./shape.ts";
export { sign } from "./sign.ts";
export { sin } from "./sin.ts";
export { sinh } from "./sinh.ts";
export { slice, type SliceOptions, sliceRange } from "./slice.ts";
export { softmax, type SoftmaxOptions } from "./softmax.ts";
export { sqrt } from "./sqrt.ts";
export { squeeze, type SqueezeOptions } from "./squeeze.ts";
export { sub } from "./sub.ts";
export { tile } from "./tile.ts";
export { transpose, type TransposeOptions } from "./transpose.ts";
export {
  type TreeEnsembleOptions,
  treeEnsembleRegressor,
  type TreeNode,
} from "./tree_ensemble_regressor.ts";
export { unsqueeze, type UnsqueezeOptions } from "./unsqueeze.ts";
export { where } from "./where.ts";
export type { InferContext, InferredOutput, OpDef, VjpArgs, VjpRule } from "./_op.ts";
export type { NameOption, Operand } from "./_elementwise.ts";
export type { ReduceOptions } from "./_reduce.ts";

/** Every op definition. */
const DEFS: readonly OpDef[] = [
  ABS,
  ADD,
  AND,
  ASINH,
  CAST,
  CEIL,
  CONCAT,
  CONSTANT_OF_SHAPE,
  COS,
  DIV,
  DROPOUT,
  EQUAL,
  EXP,
  EXPAND,
  GATHER,
  GREATER,
  IDENTITY,
  IS_NAN,
  LESS,
  LESS_OR_EQUAL,
  LOG,
  GEMM,
  FUSED_MAT_MUL,
  MAT_MUL,
  MAX,
  MIN,
  MUL,
  NEG,
  NOT,
  PAD,
  POW,
  RANDOM_UNIFORM_LIKE,
  RANGE,
  RECIPROCAL,
  REDUCE_MAX,
  REDUCE_MEAN,
  REDUCE_SUM,
  RELU,
  RESHAPE,
  SCATTER_ELEMENTS,
  SHAPE,
  SIGN,
  SIN,
  SINH,
  SLICE,
  SOFTMAX,
  SQRT,
  SQUEEZE,
  SUB,
  TILE,
  TRANSPOSE,
  TREE_ENSEMBLE_REGRESSOR,
  DYNAMIC_QUANTIZE_MAT_MUL,
  UNSQUEEZE,
  WHERE,
];

/**
 * Op type → definition (shape rule and VJP), one entry per op file.
 *
 * @example Usage
 * ```ts
 * import { REGISTRY } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * assert.equal(REGISTRY.get("MatMul")!.type, "MatMul");
 * ```
 */
export const REGISTRY: ReadonlyMap<string, OpDef> = new Map(DEFS.map((d) => [d.type, d]));
