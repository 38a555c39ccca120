/**
 * TreeEnsembleRegressor: a sum of decision trees (ONNX-ML `ai.onnx.ml`
 * `TreeEnsembleRegressor`, opset 3), the form in which gradient-boosted
 * models are served. Not differentiable.
 *
 * @module
 */

import type { GraphBuilder } from "../builder.ts";
import type { Attribute, Value } from "../graph.ts";
import { fail, type OpDef } from "./_op.ts";

/** One tree node, in the layout of the op's parallel `nodes_*` attributes. */
export interface TreeNode {
  /** Tree index. */
  treeId: number;
  /** Node index inside its tree. */
  nodeId: number;
  /** `"BRANCH_LT"` (go to `trueId` when x[feature] < value), other `BRANCH_*` modes, or `"LEAF"`. */
  mode:
    | "BRANCH_LT"
    | "BRANCH_LEQ"
    | "BRANCH_GT"
    | "BRANCH_GTE"
    | "BRANCH_EQ"
    | "BRANCH_NEQ"
    | "LEAF";
  /** Feature index tested (0 for leaves). */
  featureId: number;
  /** Threshold (0 for leaves). */
  value: number;
  /** Node taken when the test holds (0 for leaves). */
  trueId: number;
  /** Node taken otherwise (0 for leaves). */
  falseId: number;
  /** Whether a missing (NaN) feature takes the true branch. */
  missingTracksTrue: boolean;
  /** Leaf value added to the single target (leaves only). */
  weight?: number;
}

/** Options of {@linkcode treeEnsembleRegressor}. */
export interface TreeEnsembleOptions {
  /** Value added to the sum of the leaves. @default 0 */
  baseValue?: number;
  /** Node name. */
  name?: string;
}

/** ONNX-ML `TreeEnsembleRegressor`: input [N, F] float, output [N, 1] float32. */
export const TREE_ENSEMBLE_REGRESSOR: OpDef = {
  type: "TreeEnsembleRegressor",
  domain: { name: "ai.onnx.ml", version: 3 },
  defaultName: "trees",
  infer(_ctx, inputs, attrs) {
    const x = inputs[0];
    if (!x || inputs.length !== 1) fail("expects exactly one input", "1 input", `${inputs.length}`);
    if (x.shape.length !== 2) {
      fail("the input must be 2-D [N, F]", "[N, F]", `rank ${x.shape.length}`);
    }
    if (x.dtype !== "float32" && x.dtype !== "float64") {
      fail(`the input must be float, got ${x.dtype}`, "float32 or float64", x.dtype);
    }
    const n = attrs.n_targets;
    const targets = n && n.type === "int" ? n.value : 1;
    return [{ dtype: "float32", shape: [x.shape[0]!, targets] }];
  },
  // A sum of step functions: its derivative is zero wherever it exists, so no gradient flows
  // into the features (declared non-differentiable, as Shape is).
  vjp: () => [undefined],
};

/**
 * Adds a sum-of-trees regressor with one target.
 *
 * @param b the graph builder
 * @param x features [N, F]
 * @param nodes every node of every tree (branches and leaves)
 * @param options base value and node name
 * @returns predictions [N, 1] float32
 * @throws {ShapeError} when `x` is not a 2-D float tensor
 * @throws {RangeError} when there are no nodes
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { treeEnsembleRegressor } from "@chronos-deno/chronos-deno/onnx";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder();
 * const x = b.input("x", "float32", ["n", 3]);
 * const leaf = { featureId: 0, value: 0, trueId: 0, falseId: 0, missingTracksTrue: false };
 * const y = treeEnsembleRegressor(b, x, [
 *   { treeId: 0, nodeId: 0, mode: "BRANCH_LT", featureId: 2, value: 1, trueId: 1, falseId: 2,
 *     missingTracksTrue: true },
 *   { treeId: 0, nodeId: 1, mode: "LEAF", weight: -1, ...leaf },
 *   { treeId: 0, nodeId: 2, mode: "LEAF", weight: 1, ...leaf },
 * ], { baseValue: 0.5 });
 * assert.deepEqual(y.shape, ["n", 1]);
 * ```
 */
export function treeEnsembleRegressor(
  b: GraphBuilder,
  x: Value,
  nodes: readonly TreeNode[],
  options: TreeEnsembleOptions = {},
): Value {
  if (nodes.length === 0) {
    throw new RangeError("Cannot build a tree ensemble without nodes: give at least one leaf");
  }
  const leaves = nodes.filter((n) => n.mode === "LEAF");
  const ints = (f: (n: TreeNode) => number, of = nodes): Attribute => ({
    type: "ints",
    value: of.map(f),
  });
  const attrs: Record<string, Attribute> = {
    "n_targets": { type: "int", value: 1 },
    "aggregate_function": { type: "string", value: "SUM" },
    "post_transform": { type: "string", value: "NONE" },
    "base_values": { type: "floats", value: [options.baseValue ?? 0] },
    "nodes_treeids": ints((n) => n.treeId),
    "nodes_nodeids": ints((n) => n.nodeId),
    "nodes_modes": { type: "strings", value: nodes.map((n) => n.mode) },
    "nodes_featureids": ints((n) => n.featureId),
    "nodes_values": { type: "floats", value: nodes.map((n) => n.value) },
    "nodes_truenodeids": ints((n) => n.trueId),
    "nodes_falsenodeids": ints((n) => n.falseId),
    "nodes_missing_value_tracks_true": ints((n) => (n.missingTracksTrue ? 1 : 0)),
    "target_treeids": ints((n) => n.treeId, leaves),
    "target_nodeids": ints((n) => n.nodeId, leaves),
    "target_ids": ints(() => 0, leaves),
    "target_weights": { type: "floats", value: leaves.map((n) => n.weight ?? 0) },
  };
  const [y] = b.addNode(
    TREE_ENSEMBLE_REGRESSOR,
    [x],
    attrs,
    options.name ? { name: options.name } : {},
  );
  return y!;
}
