/**
 * Private helpers of the builder: option types, dtype of a typed array, conversion of
 * constant data, element counts.
 *
 * @module
 */

import type { DType, TensorData } from "./graph.ts";

/** Options of `GraphBuilder.fromGraph`. */
export interface FromGraphOptions {
  /** Keep the graph's outputs as outputs of the builder. @default true */
  keepOutputs?: boolean;
  /** Initializer names to turn into graph inputs (so they can be fed). @default [] */
  initializersAsInputs?: readonly string[];
}

/** Options of `GraphBuilder.addNode`. */
export interface AddNodeOptions {
  /** Last component of the node path. @default the op's default name */
  name?: string;
  /** Number of outputs to create. @default 1 */
  outputs?: number;
}

/** Data accepted by `GraphBuilder.constant`. */
export type ConstantData = readonly number[] | TensorData;

/** The dtype of a typed array (`Uint8Array` is bool). */
export function dtypeOfData(data: TensorData): DType {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Float64Array) return "float64";
  if (data instanceof BigInt64Array) return "int64";
  if (data instanceof Int32Array) return "int32";
  if (data instanceof Int8Array) return "int8";
  if (data instanceof Uint16Array) return "bfloat16";
  return "bool";
}

export function toData(data: ConstantData, dtype: DType): TensorData {
  if (!Array.isArray(data)) {
    const d = data as TensorData;
    if (dtypeOfData(d) === dtype) return d;
  }
  const src = data as ArrayLike<number | bigint>;
  const n = src.length;
  switch (dtype) {
    case "float32":
      return Float32Array.from({ length: n }, (_, i) => Number(src[i]));
    case "float64":
      return Float64Array.from({ length: n }, (_, i) => Number(src[i]));
    case "int32":
      return Int32Array.from({ length: n }, (_, i) => Number(src[i]));
    case "int64":
      return BigInt64Array.from({ length: n }, (_, i) => BigInt(Math.trunc(Number(src[i]))));
    case "bool":
      return Uint8Array.from({ length: n }, (_, i) => (Number(src[i]) ? 1 : 0));
    case "int8":
      return Int8Array.from({ length: n }, (_, i) => Number(src[i]));
    case "bfloat16": {
      const f = Float32Array.from({ length: n }, (_, i) => Number(src[i]));
      const u = new Uint32Array(f.buffer);
      return Uint16Array.from({ length: n }, (_, i) => u[i]! >>> 16);
    }
  }
}

export function product(dims: readonly number[]): number {
  return dims.reduce((a, d) => a * d, 1);
}
