/**
 * Reverse-mode differentiation over the graph IR. The walk, fan-out accumulation
 * and un-broadcasting are written once here; each op's VJP rule lives beside its
 * forward builder in `lib/onnx/ops/<op>.ts` and uses standard ONNX ops only, so the
 * training graph runs on any ONNX Runtime build.
 *
 * @module
 */

import { GraphBuilder } from "../onnx/builder.ts";
import type { Graph, Node, Value } from "../onnx/graph.ts";
import {
  add,
  constantOfShape,
  reduceSum,
  REGISTRY,
  reshape,
  shape as shapeOf,
} from "../onnx/ops/mod.ts";

const FLOAT = new Set(["float32", "float64"]);

function staticDims(v: Value): number[] | undefined {
  return v.shape.every((d) => typeof d === "number") ? (v.shape as number[]) : undefined;
}

function sameShape(a: Value, c: Value): boolean {
  return a.shape.length === c.shape.length && a.shape.every((d, i) => d === c.shape[i]);
}

/**
 * Sums a gradient of broadcast shape back to the shape of `target`: ReduceSum over the
 * broadcast axes, then Reshape. Symbolic dims are assumed not to have been broadcast.
 */
function unbroadcast(b: GraphBuilder, g: Value, target: Value): Value {
  if (sameShape(g, target)) return g;
  const extra = g.shape.length - target.shape.length;
  const axes: number[] = [];
  g.shape.forEach((d, i) => {
    const t = target.shape[i - extra];
    if (i < extra || (t === 1 && d !== 1)) axes.push(i);
  });
  let r = axes.length > 0 ? reduceSum(b, g, { axes, keepdims: true, name: "unbroadcast" }) : g;
  if (r.shape.length !== target.shape.length || !sameShape(r, target)) {
    const dims = staticDims(target);
    if (r.shape.length !== target.shape.length || dims) {
      r = reshape(b, r, dims ?? shapeOf(b, target), { name: "unbroadcast_reshape" });
    }
  }
  return r;
}

function filled(b: GraphBuilder, like: Value, value: number, name: string): Value {
  const dims = staticDims(like);
  return constantOfShape(b, dims ?? shapeOf(b, like), { value, dtype: like.dtype, name });
}

function prune(graph: Graph): Graph {
  const needed = new Set(graph.outputs.map((v) => v.name));
  const keep: Node[] = [];
  for (let i = graph.nodes.length - 1; i >= 0; i--) {
    const n = graph.nodes[i]!;
    if (!n.outputs.some((o) => needed.has(o))) continue;
    keep.push(n);
    for (const x of n.inputs) if (x) needed.add(x);
  }
  keep.reverse();
  for (const v of graph.inputs) needed.add(v.name);
  const values = new Map([...graph.values].filter(([k]) => needed.has(k)));
  return {
    ...graph,
    nodes: keep,
    initializers: graph.initializers.filter((t) => needed.has(t.name)),
    values,
  };
}

/**
 * Builds the gradient graph: the forward graph plus backward nodes, with outputs
 * `[loss, grad/<name> for each name in wrt]`. Initializers named in `wrt` become graph
 * inputs so they can be fed. Nodes that do not reach the outputs are dropped.
 *
 * @param graph the forward graph
 * @param loss name of the (scalar, float) value to differentiate, usually an output
 * @param wrt graph inputs or initializers to differentiate with respect to
 * @returns the new graph (the input graph is not changed)
 * @throws {TypeError} when a name is unknown or not float, or a node on the path has no VJP rule
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { mul, reduceSum } from "../onnx/ops/mod.ts";
 * import { gradient } from "@chronos-deno/chronos-deno/autodiff";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", [3]);
 * b.output(reduceSum(b, mul(b, x, x), { keepdims: false }), "loss");
 * const g = gradient(b.build(), "loss", ["x"]);
 * assert.deepEqual(g.outputs.map((v) => v.name), ["loss", "grad/x"]);
 * ```
 */
export function gradient(graph: Graph, loss: string, wrt: readonly string[]): Graph {
  const lossValue = graph.values.get(loss);
  if (!lossValue) {
    throw new TypeError(
      `Cannot differentiate "${loss}": it is not a value of graph "${graph.name}"`,
    );
  }
  if (!FLOAT.has(lossValue.dtype)) {
    throw new TypeError(`Cannot differentiate "${loss}": it must be float, got ${lossValue.dtype}`);
  }
  const inputNames = new Set(graph.inputs.map((v) => v.name));
  const initNames = new Set(graph.initializers.map((t) => t.name));
  const bad = wrt.filter((n) => !inputNames.has(n) && !initNames.has(n));
  if (bad.length > 0) {
    throw new TypeError(
      `Cannot differentiate with respect to ${bad.map((n) => `"${n}"`).join(", ")}: ` +
        `not an input or initializer of graph "${graph.name}"`,
    );
  }
  const b = GraphBuilder.fromGraph(graph, {
    keepOutputs: false,
    initializersAsInputs: wrt.filter((n) => initNames.has(n)),
  });
  for (const n of wrt) {
    const v = b.value(n)!;
    if (!FLOAT.has(v.dtype)) {
      throw new TypeError(
        `Cannot differentiate with respect to "${n}": it must be float, got ${v.dtype}`,
      );
    }
  }

  // Values that depend on a wrt value.
  const depends = new Set(wrt);
  for (const n of graph.nodes) {
    if (n.inputs.some((x) => depends.has(x))) { for (const o of n.outputs) depends.add(o); }
  }
  // Values on a path to the loss.
  const reaches = new Set([loss]);
  const onPath: Node[] = [];
  for (let i = graph.nodes.length - 1; i >= 0; i--) {
    const n = graph.nodes[i]!;
    if (!n.outputs.some((o) => reaches.has(o)) || !n.inputs.some((x) => depends.has(x))) continue;
    onPath.push(n);
    for (const x of n.inputs) if (depends.has(x)) reaches.add(x);
  }

  const grads = new Map<string, Value[]>();
  const total = (name: string): Value | undefined => {
    const parts = grads.get(name);
    if (!parts || parts.length === 0) return undefined;
    let g = parts[0]!;
    for (let i = 1; i < parts.length; i++) g = add(b, g, parts[i]!, { name: "accumulate" });
    grads.set(name, [g]);
    return g;
  };
  grads.set(loss, [b.scope("grad", () => filled(b, lossValue, 1, "seed"))]);

  for (const node of onPath) {
    const gradOutputs = b.scope("grad", () => node.outputs.map(total));
    if (gradOutputs.every((g) => g === undefined)) continue;
    const def = REGISTRY.get(node.opType);
    if (!def?.vjp) {
      throw new TypeError(
        `Cannot differentiate node "${node.name}": op "${node.opType}" has no VJP rule`,
      );
    }
    const inputs = node.inputs.map((x) => (x ? b.value(x) : undefined));
    const outputs = node.outputs.map((o) => b.value(o)!);
    const needs = inputs.map((v) => v !== undefined && depends.has(v.name) && FLOAT.has(v.dtype));
    b.scope(`grad/${node.name}`, () => {
      const gi = def.vjp!(b, { node, inputs, outputs, gradOutputs, needs });
      inputs.forEach((x, i) => {
        const g = gi[i];
        if (!x || !g || !needs[i]) return;
        const list = grads.get(x.name) ?? [];
        list.push(unbroadcast(b, g, x));
        grads.set(x.name, list);
      });
    });
  }

  b.output(b.value(loss)!);
  for (const n of wrt) {
    const g = b.scope("grad", () => total(n) ?? filled(b, b.value(n)!, 0, `zeros_${n}`));
    b.output(g, `grad/${n}`);
  }
  return prune(b.build());
}
