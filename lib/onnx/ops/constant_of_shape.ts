/**
 * ConstantOfShape: a tensor filled with one value (ONNX `ConstantOfShape`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { DType, TensorData, Value } from "../graph.ts";
import { tensorAttr } from "./_attrs.ts";
import { dtypeIn, req } from "./_dims.ts";
import { nameOpt, type NameOption } from "./_elementwise.ts";
import { fail, type OpDef } from "./_op.ts";

/** ONNX `ConstantOfShape`: shape/dtype rule; not differentiable. */
export const CONSTANT_OF_SHAPE: OpDef = {
  type: "ConstantOfShape",
  defaultName: "constant_of_shape",
  infer(ctx, inputs, attrs) {
    const s = req(inputs, 0, "input");
    dtypeIn(s, ["int64"], "input");
    const v = attrs.value;
    const dtype: DType = v && v.type === "tensor" ? v.value.dtype : "float32";
    const dims = ctx.dimsOf(s);
    if (dims) return [{ dtype, shape: [...dims] }];
    const r = s.shape[0];
    if (typeof r !== "number") fail("the length of the shape input must be known");
    return [{ dtype, shape: Array.from({ length: r }, () => ctx.unknownDim()) }];
  },
  vjp: () => [undefined],
};

/** Options of {@linkcode constantOfShape}. */
export interface ConstantOfShapeOptions extends NameOption {
  /** Fill value. @default 0 */
  value?: number;
  /** Element type. @default "float32" */
  dtype?: DType;
}

function scalarData(value: number, dtype: DType): TensorData {
  switch (dtype) {
    case "float32":
      return new Float32Array([value]);
    case "float64":
      return new Float64Array([value]);
    case "int32":
      return new Int32Array([value]);
    case "int64":
      return new BigInt64Array([BigInt(value)]);
    case "bool":
      return new Uint8Array([value ? 1 : 0]);
    case "int8":
      return new Int8Array([value]);
    case "bfloat16":
      return new Uint16Array([new Uint32Array(new Float32Array([value]).buffer)[0]! >>> 16]);
  }
}

/**
 * A tensor of shape `shape` filled with `value`.
 *
 * @param b the graph builder
 * @param shape the dims, as numbers or an int64 value (e.g. from `shape()`)
 * @param options value, dtype and node name
 * @returns the filled tensor
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { constantOfShape } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * assert.deepEqual(constantOfShape(b, [2, 3], { value: 1 }).shape, [2, 3]);
 * ```
 */
export function constantOfShape(
  b: GraphBuilder,
  shape: readonly number[] | Value,
  options: ConstantOfShapeOptions = {},
): Value {
  const s = Array.isArray(shape) ? b.constant(shape, [shape.length], "int64") : shape as Value;
  const dtype = options.dtype ?? "float32";
  const value = tensorAttr({ dtype, dims: [1], data: scalarData(options.value ?? 0, dtype) });
  return b.addNode(CONSTANT_OF_SHAPE, [s], { value }, nameOpt(options))[0]!;
}
