/**
 * Range: an arithmetic sequence (ONNX `Range`).
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { DType, Value } from "../graph.ts";
import { dtypeIn, knownInts, req, sameDtype } from "./_dims.ts";
import { nameOpt, type NameOption, NUMERIC, type Operand, operand } from "./_elementwise.ts";
import { fail, type OpDef } from "./_op.ts";

/** ONNX `Range`: shape/dtype rule; not differentiable. */
export const RANGE: OpDef = {
  type: "Range",
  defaultName: "range",
  infer(ctx, inputs) {
    const vs = [req(inputs, 0, "start"), req(inputs, 1, "limit"), req(inputs, 2, "delta")];
    sameDtype(vs);
    dtypeIn(vs[0]!, NUMERIC, "start");
    for (const v of vs) if (v.shape.length !== 0) fail(`${v.name} must be a scalar`);
    const consts = vs.map((v) => {
      const c = ctx.constantOf(v);
      return c ? Number(c.data[0]) : knownInts(ctx, v)?.[0];
    });
    const [s, l, d] = consts;
    if (s === undefined || l === undefined || d === undefined) {
      return [{ dtype: vs[0]!.dtype, shape: [ctx.unknownDim()] }];
    }
    if (d === 0) fail("delta must not be 0");
    const n = Math.max(Math.ceil((l - s) / d), 0);
    const dims = vs[0]!.dtype === "int64"
      ? Array.from({ length: n }, (_, i) => s + i * d)
      : undefined;
    return [{ dtype: vs[0]!.dtype, shape: [n], ...(dims ? { dims } : {}) }];
  },
  vjp: () => [undefined, undefined, undefined],
};

/** Options of {@linkcode range}. */
export interface RangeOptions extends NameOption {
  /** Element type when all three bounds are numbers. @default "int64" */
  dtype?: DType;
}

/**
 * `[start, start + delta, …]` up to `limit` (exclusive).
 *
 * @param b the graph builder
 * @param start first value
 * @param limit bound (exclusive)
 * @param delta step
 * @param options dtype and node name
 * @returns the 1-D sequence
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { range } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * assert.deepEqual(range(b, 0, 10, 2).shape, [5]);
 * ```
 */
export function range(
  b: GraphBuilder,
  start: Operand,
  limit: Operand,
  delta: Operand,
  options: RangeOptions = {},
): Value {
  const v = [start, limit, delta].find((x): x is Value => typeof x !== "number");
  const dtype = v?.dtype ?? options.dtype ?? "int64";
  const ins = [start, limit, delta].map((x) => operand(b, x, dtype));
  return b.addNode(RANGE, ins, {}, nameOpt(options))[0]!;
}
