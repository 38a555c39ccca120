/**
 * Test harness for the ONNX ops: seeded random data, running a graph through
 * onnxruntime-node, and checking VJP rules against central finite differences
 * computed through ORT.
 *
 * @module
 */

import { GraphBuilder } from "../../../lib/onnx/builder.ts";
import type { Dim, DType, Graph, TensorData, Value } from "../../../lib/onnx/graph.ts";
import { mul, reduceSum } from "../../../lib/onnx/ops/mod.ts";
import { serializeModel } from "../../../lib/onnx/serialize.ts";
import { createSession, type Tensor } from "../../../lib/runtime/session.ts";
import { gradient } from "../../../lib/autodiff/gradient.ts";
import { assertClose } from "../../_helpers/assert_close.ts";

/** Deterministic uniform numbers in [lo, hi) (mulberry32). */
export function rand(n: number, seed = 1, lo = -1, hi = 1): Float64Array {
  let s = seed >>> 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out[i] = lo + (hi - lo) * u;
  }
  return out;
}

/** Element count of static dims. */
export function size(dims: readonly number[]): number {
  return dims.reduce((a, d) => a * d, 1);
}

/** Converts numbers to the typed array of a dtype. */
export function typed(dtype: DType, values: ArrayLike<number>): TensorData {
  switch (dtype) {
    case "float32":
      return Float32Array.from(values);
    case "float64":
      return Float64Array.from(values);
    case "int32":
      return Int32Array.from(values);
    case "int64":
      return BigInt64Array.from(Array.from(values, (v) => BigInt(v)));
    case "bool":
      return Uint8Array.from(values, (v) => (v ? 1 : 0));
    case "int8":
      return Int8Array.from(values);
    case "bfloat16":
      throw new TypeError("Cannot make bfloat16 test data: give float32 and Cast");
  }
}

/** A tensor from numbers. */
export function tensor(dtype: DType, dims: number[], values: ArrayLike<number>): Tensor {
  return { dtype, dims, data: typed(dtype, values) };
}

/** Tensor data as plain numbers. */
export function numbers(t: Tensor): number[] {
  return Array.from(t.data as ArrayLike<number | bigint>, Number);
}

/** Serialises `graph`, runs it once on the CPU with one thread, and releases the session. */
export async function runGraph(
  graph: Graph,
  feeds: Record<string, Tensor>,
): Promise<Record<string, Tensor>> {
  const s = await createSession(serializeModel(graph), {
    executionProvider: "cpu",
    intraOpThreads: 1,
  });
  try {
    return await s.run(feeds);
  } finally {
    await s.release();
  }
}

/** An input of a VJP check. */
export interface CheckInput {
  /** Dims (static). */
  dims: number[];
  /** Data (default: seeded uniform in [-1, 1)). */
  data?: ArrayLike<number>;
  /** Element type (default: the check's dtype). */
  dtype?: DType;
  /** Differentiate with respect to this input. @default true for float inputs */
  wrt?: boolean;
  /** Make it an initializer instead of a graph input. @default false */
  initializer?: boolean;
  /** Shape declared in the graph (symbolic dims allowed); `dims` is what is fed. @default dims */
  declared?: Dim[];
}

/** Options of {@linkcode checkVjp}. */
export interface CheckOptions {
  /** Float dtype of the graph. @default "float64" */
  dtype?: "float32" | "float64";
  /** Finite-difference step. @default 1e-6 (float64), 1e-2 (float32) */
  eps?: number;
  /** Tolerances. @default atol 1e-6, rtol 1e-5 (float64); 2e-2 / 2e-2 (float32) */
  atol?: number;
  rtol?: number;
  /** Seed of the data. @default 7 */
  seed?: number;
}

/**
 * Checks the gradient graph of `build` against central finite differences: the loss
 * is Σ out·R with a fixed random cotangent R, so the whole VJP is exercised.
 */
export async function checkVjp(
  inputs: Record<string, CheckInput>,
  build: (b: GraphBuilder, xs: Record<string, Value>) => Value,
  options: CheckOptions = {},
): Promise<void> {
  const dtype = options.dtype ?? "float64";
  const f64 = dtype === "float64";
  const eps = options.eps ?? (f64 ? 1e-6 : 1e-2);
  const atol = options.atol ?? (f64 ? 1e-6 : 2e-2);
  const rtol = options.rtol ?? (f64 ? 1e-5 : 2e-2);
  let seed = options.seed ?? 7;
  const data: Record<string, number[]> = {};
  for (const [name, spec] of Object.entries(inputs)) {
    data[name] = Array.from(spec.data ?? rand(size(spec.dims), seed++));
  }
  const wrt = Object.entries(inputs)
    .filter(([, s]) => s.wrt ?? ((s.dtype ?? dtype) === dtype))
    .map(([n]) => n);
  const make = (values: Record<string, number[]>): Graph => {
    const declare = (b: GraphBuilder, useDeclared: boolean) => {
      const xs: Record<string, Value> = {};
      for (const [name, spec] of Object.entries(inputs)) {
        const dt = spec.dtype ?? dtype;
        xs[name] = spec.initializer
          ? b.initializer(name, typed(dt, values[name]!), spec.dims)
          : b.input(name, dt, useDeclared ? spec.declared ?? spec.dims : spec.dims);
      }
      return xs;
    };
    const probe = new GraphBuilder("probe");
    const shape = build(probe, declare(probe, false)).shape.map((d: Dim) => {
      if (typeof d !== "number") throw new TypeError(`checkVjp needs static output dims, got ${d}`);
      return d;
    });
    const b = new GraphBuilder("check");
    const y = build(b, declare(b, true));
    const r = b.constant(typed(dtype, rand(size(shape), 99, 0.5, 1.5)), shape, dtype);
    b.output(reduceSum(b, mul(b, y, r), { keepdims: false }), "loss");
    return b.build();
  };
  const feedsOf = (values: Record<string, number[]>): Record<string, Tensor> => {
    const feeds: Record<string, Tensor> = {};
    for (const [name, spec] of Object.entries(inputs)) {
      if (!spec.initializer) feeds[name] = tensor(spec.dtype ?? dtype, spec.dims, values[name]!);
    }
    return feeds;
  };
  const forward = make(data);
  const gradGraph = gradient(forward, "loss", wrt);
  const gradFeeds = feedsOf(data);
  for (const name of wrt) {
    if (inputs[name]!.initializer) gradFeeds[name] = tensor(dtype, inputs[name]!.dims, data[name]!);
  }
  const got = await runGraph(gradGraph, gradFeeds);
  const lossAt = async (
    s: Awaited<ReturnType<typeof createSession>>,
    values: Record<string, number[]>,
  ) => {
    const feeds = feedsOf(values);
    for (const name of wrt) {
      if (inputs[name]!.initializer) {
        feeds[name] = tensor(dtype, inputs[name]!.dims, values[name]!);
      }
    }
    return numbers((await s.run(feeds)).loss!)[0]!;
  };
  // Finite differences through one session whose initializers in wrt are inputs.
  const fdGraph = gradient(forward, "loss", []);
  const fdB = GraphBuilder.fromGraph(fdGraph, {
    initializersAsInputs: wrt.filter((n) => inputs[n]!.initializer),
  });
  const s = await createSession(serializeModel(fdB.build()), {
    executionProvider: "cpu",
    intraOpThreads: 1,
  });
  try {
    for (const name of wrt) {
      const base = data[name]!;
      const fd = new Float64Array(base.length);
      for (let i = 0; i < base.length; i++) {
        const plus = { ...data, [name]: base.map((v, j) => (j === i ? v + eps : v)) };
        const minus = { ...data, [name]: base.map((v, j) => (j === i ? v - eps : v)) };
        fd[i] = ((await lossAt(s, plus)) - (await lossAt(s, minus))) / (2 * eps);
      }
      const g = got[`grad/${name}`];
      if (!g) throw new Error(`gradient graph has no output "grad/${name}"`);
      assertClose(numbers(g), fd, { atol, rtol, label: `grad/${name}` });
    }
  } finally {
    await s.release();
  }
}

/** Index helper: the row-major offset of `idx` in `dims`. */
export function offset(dims: readonly number[], idx: readonly number[]): number {
  let o = 0;
  for (let i = 0; i < dims.length; i++) o = o * dims[i]! + idx[i]!;
  return o;
}

/** The broadcast value of `data` (shape `dims`) at output index `idx` (numpy rules). */
export function at(
  data: ArrayLike<number>,
  dims: readonly number[],
  idx: readonly number[],
): number {
  const extra = idx.length - dims.length;
  const own = dims.map((d, i) => (d === 1 ? 0 : idx[i + extra]!));
  return data[offset(dims, own)]!;
}

/** Every index of `dims`, row-major. */
export function* indices(dims: readonly number[]): Generator<number[]> {
  const n = size(dims);
  const idx = dims.map(() => 0);
  for (let k = 0; k < n; k++) {
    yield [...idx];
    for (let i = dims.length - 1; i >= 0; i--) {
      if (++idx[i]! < dims[i]!) break;
      idx[i] = 0;
    }
  }
}

/**
 * Runs `build` through ORT on seeded data and compares output "y" with `reference`.
 */
export async function checkForward(
  inputs: Record<string, { dims: number[]; dtype?: DType; data?: ArrayLike<number> }>,
  build: (b: GraphBuilder, xs: Record<string, Value>) => Value,
  reference: (data: Record<string, number[]>) => { dims: number[]; values: ArrayLike<number> },
  options: { atol?: number; rtol?: number; seed?: number } = {},
): Promise<void> {
  const b = new GraphBuilder("forward");
  const xs: Record<string, Value> = {};
  const data: Record<string, number[]> = {};
  const feeds: Record<string, Tensor> = {};
  let seed = options.seed ?? 3;
  for (const [name, spec] of Object.entries(inputs)) {
    const dt = spec.dtype ?? "float64";
    xs[name] = b.input(name, dt, spec.dims);
    data[name] = Array.from(spec.data ?? rand(size(spec.dims), seed++));
    feeds[name] = tensor(dt, spec.dims, data[name]!);
  }
  const y = build(b, xs);
  b.output(y, "__out");
  const out = (await runGraph(b.build(), feeds)).__out!;
  const ref = reference(data);
  if (out.dims.join(",") !== ref.dims.join(",")) {
    throw new Error(`output dims [${out.dims}] differ from reference [${ref.dims}]`);
  }
  assertClose(numbers(out), ref.values, {
    atol: options.atol ?? 1e-6,
    rtol: options.rtol ?? 1e-6,
    label: "y",
  });
}

/** Reference of an element-wise broadcasting op. */
export function elementwise(
  shapes: Record<string, number[]>,
  f: (...v: number[]) => number,
): (data: Record<string, number[]>) => { dims: number[]; values: number[] } {
  return (data) => {
    const names = Object.keys(shapes);
    const rank = Math.max(...names.map((n) => shapes[n]!.length));
    const dims = Array.from(
      { length: rank },
      (_, i) => Math.max(...names.map((n) => shapes[n]![shapes[n]!.length - rank + i] ?? 1)),
    );
    const values: number[] = [];
    for (const idx of indices(dims)) {
      values.push(f(...names.map((n) => at(data[n]!, shapes[n]!, idx))));
    }
    return { dims, values };
  };
}
