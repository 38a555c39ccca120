/**
 * Plain data types of the ONNX graph IR: values, nodes, initializers and the
 * graph that holds them. No protobuf here; `serialize.ts` turns a {@linkcode Graph}
 * into ONNX bytes.
 *
 * @module
 */

/**
 * Element type of a tensor value. `int8` holds quantized weights (`Int8Array`);
 * `bfloat16` holds the upper 16 bits of float32 values (`Uint16Array`).
 */
export type DType = "float32" | "float64" | "int64" | "int32" | "bool" | "int8" | "bfloat16";

/** One dimension: a number, or a string naming a symbolic dimension such as `"batch"`. */
export type Dim = number | string;

/** Typed array that holds tensor data (`Uint8Array` holds `bool`, one byte per element). */
export type TensorData =
  | Float32Array
  | Float64Array
  | BigInt64Array
  | Int32Array
  | Uint8Array
  | Int8Array
  | Uint16Array;

/** A named tensor value flowing through a graph. */
export interface Value {
  /** Unique name inside the graph. */
  readonly name: string;
  /** Element type. */
  readonly dtype: DType;
  /** Static or symbolic shape. */
  readonly shape: readonly Dim[];
  /** Name of the node that produces it; absent for graph inputs and initializers. */
  readonly producer?: string;
}

/** A constant tensor with its data (initializers, constant attributes). */
export interface ConstTensor {
  /** Element type. */
  readonly dtype: DType;
  /** Dimensions (all static). */
  readonly dims: readonly number[];
  /** Row-major data, one element per entry (`bool` as 0/1 bytes). */
  readonly data: TensorData;
}

/** A named constant stored in the graph (weights and anonymous constants). */
export interface Initializer extends ConstTensor {
  /** Unique name inside the graph. */
  readonly name: string;
}

/** A node attribute, tagged with its ONNX attribute type. */
export type Attribute =
  | { readonly type: "int"; readonly value: number }
  | { readonly type: "ints"; readonly value: readonly number[] }
  | { readonly type: "float"; readonly value: number }
  | { readonly type: "floats"; readonly value: readonly number[] }
  | { readonly type: "string"; readonly value: string }
  | { readonly type: "strings"; readonly value: readonly string[] }
  | { readonly type: "tensor"; readonly value: ConstTensor };

/** One operator application. */
export interface Node {
  /** ONNX op type, e.g. `"MatMul"`. */
  readonly opType: string;
  /** Operator set domain, e.g. `"ai.onnx.ml"`; absent for the default ONNX domain. */
  readonly domain?: string;
  /** Unique node path, e.g. `"encoder/3/time_attention/qk"`. */
  readonly name: string;
  /** Input value names; `""` marks an omitted optional input. */
  readonly inputs: readonly string[];
  /** Output value names. */
  readonly outputs: readonly string[];
  /** Attributes by name. */
  readonly attributes: Readonly<Record<string, Attribute>>;
}

/** A complete graph: nodes in insertion (topological) order plus its interface. */
export interface Graph {
  /** Graph name. */
  readonly name: string;
  /** Graph inputs, in feed order. */
  readonly inputs: readonly Value[];
  /** Graph outputs, in order. */
  readonly outputs: readonly Value[];
  /** Weights and constants. */
  readonly initializers: readonly Initializer[];
  /** Nodes in topological order. */
  readonly nodes: readonly Node[];
  /** Every value (inputs, initializers, node outputs) by name. */
  readonly values: ReadonlyMap<string, Value>;
}

/**
 * Number of bytes one element of `dtype` takes in memory and in ONNX raw data.
 *
 * @param dtype the element type
 * @returns bytes per element
 * @example Usage
 * ```ts
 * import { dtypeSize } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * assert.equal(dtypeSize("float64"), 8);
 * ```
 */
export function dtypeSize(dtype: DType): number {
  switch (dtype) {
    case "float64":
    case "int64":
      return 8;
    case "float32":
    case "int32":
      return 4;
    case "bfloat16":
      return 2;
    case "bool":
    case "int8":
      return 1;
  }
}

/**
 * Formats a shape for messages, e.g. `[batch, 3, 64]`.
 *
 * @param shape the shape
 * @returns the shape in brackets
 * @example Usage
 * ```ts
 * import { formatShape } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * assert.equal(formatShape(["batch", 3]), "[batch, 3]");
 * ```
 */
export function formatShape(shape: readonly Dim[]): string {
  return `[${shape.join(", ")}]`;
}

const ONNX_CODES: Readonly<Record<DType, number>> = {
  float32: 1,
  int32: 6,
  int64: 7,
  bool: 9,
  float64: 11,
  int8: 3,
  bfloat16: 16,
};

/**
 * The ONNX `TensorProto.DataType` code of a dtype.
 *
 * @param dtype the element type
 * @returns the ONNX code (float32 → 1, int64 → 7, …)
 * @example Usage
 * ```ts
 * import { onnxTypeCode } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * assert.equal(onnxTypeCode("float32"), 1);
 * ```
 */
export function onnxTypeCode(dtype: DType): number {
  return ONNX_CODES[dtype];
}

/**
 * The dtype of an ONNX `TensorProto.DataType` code, or `undefined` when unsupported.
 *
 * @param code the ONNX code
 * @returns the dtype
 * @example Usage
 * ```ts
 * import { dtypeOfOnnxCode } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * assert.equal(dtypeOfOnnxCode(11), "float64");
 * ```
 */
export function dtypeOfOnnxCode(code: number): DType | undefined {
  return (Object.keys(ONNX_CODES) as DType[]).find((k) => ONNX_CODES[k] === code);
}
