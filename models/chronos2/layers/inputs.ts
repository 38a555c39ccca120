/**
 * The model's input stage (spec §2.2 a–g): truncation to the context length,
 * NaN-aware instance normalisation (+ asinh), left padding to whole patches,
 * the `[time, values, mask]` patch features of context and future tokens.
 *
 * @module
 */

import type { Chronos2Config } from "../config.ts";
import type { GraphBuilder, Value } from "../../../lib/onnx/mod.ts";
import {
  add,
  asinh,
  cast,
  concat,
  constantOfShape,
  div,
  equal,
  expand,
  greater,
  isNaN,
  max,
  mul,
  neg,
  not,
  range,
  reduceSum,
  reshape,
  shape,
  slice,
  sqrt,
  sub,
  where,
} from "../../../lib/onnx/mod.ts";

/** Outputs of the input stage. */
export interface InputStage {
  /** `[B, 1]` per-row mean. */
  loc: Value;
  /** `[B, 1]` per-row population std (1e-5 for constant rows, 1 for all-NaN rows). */
  scale: Value;
  /** `[B, T']` normalised context (NaN where missing). */
  normalized: Value;
  /** `[B, N, 3P]` context patch features. */
  contextFeatures: Value;
  /** `[B, N]` float 1/0: patch has an observed value. */
  contextValid: Value;
  /** `[B, nOut, 3P]` future patch features. */
  futureFeatures: Value;
  /** int64 `[1]`: N (context patches). */
  numPatches: Value;
}

/**
 * An int64 `[1]` holding dimension `axis` of `x`.
 *
 * @param b the builder
 * @param x a value
 * @param axis the axis
 * @returns its size, as a 1-element int64 tensor
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { dimOf } from "./inputs.ts";
 * const b = new GraphBuilder();
 * if (dimOf(b, b.input("x", "float32", ["n", 3]), 1).dtype !== "int64") throw new Error();
 * ```
 */
export function dimOf(b: GraphBuilder, x: Value, axis: number): Value {
  return shape(b, x, { start: axis, end: axis + 1 });
}

function asinhMaybe(b: GraphBuilder, x: Value, on: boolean): Value {
  return on ? asinh(b, x) : x;
}

/**
 * Reads a static dimension of a value built with fixed shapes.
 *
 * @param x the value
 * @param axis the axis
 * @returns its size
 * @throws {TypeError} when the dimension is symbolic
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { fixedDim } from "./inputs.ts";
 * if (fixedDim(new GraphBuilder().input("x", "float32", [2, 3]), 1) !== 3) throw new Error();
 * ```
 */
export function fixedDim(x: Value, axis: number): number {
  const d = x.shape[axis];
  if (typeof d !== "number") {
    throw new TypeError(
      `Cannot build a fixed-shape graph: dimension ${axis} of "${x.name}" is "${String(d)}"`,
    );
  }
  return d;
}

/** Options of {@linkcode inputStage}. */
export interface InputStageOptions {
  /**
   * Build for the fixed shapes of `context` and `future` (the training
   * graphs): sizes become constants instead of shape arithmetic, so every
   * activation has a static shape. @default false
   */
  fixedShapes?: boolean;
}

/**
 * Adds the input stage.
 *
 * @param b the builder
 * @param config model config
 * @param context `[B, T]` float32, NaN = missing
 * @param future `[B, nOut·P]` float32 known future values, NaN = unknown
 * @param options fixed shapes (training) or dynamic ones (inference)
 * @returns normalisation statistics and patch features
 * @throws {TypeError} with fixed shapes, when a dimension is symbolic
 * @example Usage
 * ```ts ignore
 * const stage = inputStage(b, config, context, future);
 * ```
 */
export function inputStage(
  b: GraphBuilder,
  config: Chronos2Config,
  context: Value,
  future: Value,
  options: InputStageOptions = {},
): InputStage {
  const c = config.chronos;
  const P = c.inputPatchSize;
  const tes = c.timeEncodingScale;
  const fixed = options.fixedShapes ?? false;
  return b.scope("inputs", () => {
    const x = fixed && fixedDim(context, 1) <= c.contextLength
      ? context
      : slice(b, context, { starts: [-c.contextLength], ends: [2 ** 62], axes: [1] });
    const obs = not(b, isNaN(b, x));
    const m = cast(b, obs, { to: "float32" });
    const count = reduceSum(b, m, { axes: [1], keepdims: true });
    const any = greater(b, count, 0);
    const denom = max(b, count, b.constant([1], []));
    const loc = where(
      b,
      any,
      div(b, reduceSum(b, where(b, obs, x, 0), { axes: [1], keepdims: true }), denom),
      0,
    );
    const d = where(b, obs, sub(b, x, loc), 0);
    const std = sqrt(b, div(b, reduceSum(b, mul(b, d, d), { axes: [1], keepdims: true }), denom));
    const scale1 = where(b, any, std, 1);
    const scale = where(b, equal(b, scale1, 0), 1e-5, scale1);
    const normalized = asinhMaybe(b, div(b, sub(b, x, loc), scale), c.useArcsinh);
    const values = where(b, obs, normalized, 0);

    // Left-pad to N·P with zeros (mask 0); time encodings -N·P..-1 and 0..nOut·P-1, over tes.
    const ctx = fixed
      ? fixedPatches(b, x, values, m, P, tes)
      : dynamicPatches(b, x, values, m, P, tes);
    const contextFeatures = concat(b, [ctx.time, ctx.values, ctx.mask], { axis: 2 });

    const fz = asinhMaybe(b, div(b, sub(b, future, loc), scale), c.useArcsinh);
    const fKnown = not(b, isNaN(b, fz));
    const fv = reshape(b, where(b, fKnown, fz, 0), [0, -1, P]);
    const fm = reshape(b, cast(b, fKnown, { to: "float32" }), [0, -1, P]);
    const fte = fixed
      ? fixedFutureTime(b, future, P, tes)
      : dynamicFutureTime(b, ctx.rows!, future, P, tes);
    const futureFeatures = concat(b, [fte, fv, fm], { axis: 2 });
    return {
      loc,
      scale,
      normalized,
      contextFeatures,
      contextValid: ctx.valid,
      futureFeatures,
      numPatches: ctx.numPatches,
    };
  });
}

interface Patches {
  values: Value;
  mask: Value;
  valid: Value;
  time: Value;
  numPatches: Value;
  /** int64 `[1]` rows (dynamic shapes only). */
  rows?: Value;
}

function validPatches(b: GraphBuilder, pm: Value): Value {
  return cast(b, greater(b, reduceSum(b, pm, { axes: [2], keepdims: false }), 0), {
    to: "float32",
  });
}

function dynamicPatches(
  b: GraphBuilder,
  x: Value,
  values: Value,
  m: Value,
  P: number,
  tes: number,
): Patches {
  const T = dimOf(b, x, 1);
  const n = div(b, add(b, T, P - 1), P); // int64 division = ceil(T / P)
  const np = mul(b, n, P);
  const padLen = sub(b, np, T);
  const rows = dimOf(b, x, 0);
  const zeros = constantOfShape(b, concat(b, [rows, padLen], { axis: 0 }));
  const pv = reshape(b, concat(b, [zeros, values], { axis: 1 }), [0, -1, P]);
  const pm = reshape(b, concat(b, [zeros, m], { axis: 1 }), [0, -1, P]);
  const valid = validPatches(b, pm);
  const te = div(
    b,
    range(
      b,
      neg(b, cast(b, reshape(b, np, []), { to: "float32" })),
      b.constant([0], []),
      b.constant([1], []),
    ),
    tes,
  );
  const time = expand(
    b,
    reshape(b, te, [1, -1, P]),
    concat(b, [rows, b.constant([1, 1], [2], "int64")], { axis: 0 }),
  );
  return { values: pv, mask: pm, valid, time, numPatches: n, rows };
}

function fixedPatches(
  b: GraphBuilder,
  x: Value,
  values: Value,
  m: Value,
  P: number,
  tes: number,
): Patches {
  const R = fixedDim(x, 0);
  const T = fixedDim(x, 1);
  const N = Math.ceil(T / P);
  const padLen = N * P - T;
  const padded = (v: Value) =>
    padLen === 0
      ? v
      : concat(b, [b.constant(new Float32Array(R * padLen), [R, padLen]), v], { axis: 1 });
  const pv = reshape(b, padded(values), [0, -1, P]);
  const pm = reshape(b, padded(m), [0, -1, P]);
  const te = b.constant(Float32Array.from({ length: N * P }, (_, i) => (i - N * P) / tes), [
    1,
    N,
    P,
  ]);
  return {
    values: pv,
    mask: pm,
    valid: validPatches(b, pm),
    time: expand(b, te, [R, N, P]),
    numPatches: b.constant([N], [1], "int64"),
  };
}

function dynamicFutureTime(
  b: GraphBuilder,
  rows: Value,
  future: Value,
  P: number,
  tes: number,
): Value {
  const hf = reshape(b, dimOf(b, future, 1), []);
  const fte = div(
    b,
    cast(b, range(b, b.constant([0], [], "int64"), hf, b.constant([1], [], "int64")), {
      to: "float32",
    }),
    tes,
  );
  return expand(
    b,
    reshape(b, fte, [1, -1, P]),
    concat(b, [rows, b.constant([1, 1], [2], "int64")], { axis: 0 }),
  );
}

function fixedFutureTime(b: GraphBuilder, future: Value, P: number, tes: number): Value {
  const R = fixedDim(future, 0);
  const width = fixedDim(future, 1);
  if (width % P !== 0) {
    throw new RangeError(
      `Cannot build the input stage: future width ${width} is not a multiple of ${P}`,
    );
  }
  const n = width / P;
  const te = b.constant(Float32Array.from({ length: n * P }, (_, i) => i / tes), [1, n, P]);
  return expand(b, te, [R, n, P]);
}
