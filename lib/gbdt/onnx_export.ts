/**
 * Exports a trained XGBoost regressor (its model JSON) to an ONNX graph with
 * one `ai.onnx.ml` `TreeEnsembleRegressor` node, built with the project's
 * graph builder, so ONNX Runtime can serve it like the other models.
 *
 * XGBoost's split "go left when x < threshold, missing goes the default way"
 * maps onto `BRANCH_LT` with the left child as the true branch and
 * `missing_value_tracks_true` = default_left; leaf values become target
 * weights, and the base score the base value.
 *
 * @module
 */

import { GraphBuilder } from "../onnx/builder.ts";
import type { Graph } from "../onnx/graph.ts";
import { treeEnsembleRegressor, type TreeNode } from "../onnx/ops/tree_ensemble_regressor.ts";

/** Objectives whose prediction is the raw sum of leaves plus the base score. */
const IDENTITY_OBJECTIVES = new Set([
  "reg:squarederror",
  "reg:absoluteerror",
  "reg:pseudohubererror",
  "reg:linear",
]);

interface XgbTree {
  "left_children": number[];
  "right_children": number[];
  "split_indices": number[];
  "split_conditions": number[];
  "default_left": (number | boolean)[];
  "split_type"?: number[];
}

/** Options of {@linkcode boosterToOnnx}. */
export interface OnnxExportOptions {
  /** Graph name. @default "xgboost" */
  name?: string;
  /** Name of the input [N, F] float32. @default "features" */
  inputName?: string;
  /** Name of the output [N, 1] float32. @default "prediction" */
  outputName?: string;
}

/**
 * Builds the ONNX graph of an XGBoost regression model.
 *
 * @param modelJson the model as saved by `Booster.saveModelJson()`
 * @param options graph, input and output names
 * @returns the graph: input `features` [N, F] float32, output `prediction` [N, 1] float32
 * @throws {SyntaxError} when the text is not an XGBoost tree model
 * @throws {RangeError} when the objective is not an identity-link regression or a split is categorical
 * @example Usage
 * ```ts
 * import { Booster } from "@chronos-deno/chronos-deno/gbdt";
 * import { DMatrix } from "@chronos-deno/chronos-deno/gbdt";
 * import { boosterToOnnx } from "@chronos-deno/chronos-deno/gbdt";
 * import { equal } from "node:assert/strict";
 * using d = DMatrix.fromDense(new Float32Array([0, 1, 2, 3]), 4, 1, { label: [0, 1, 2, 3] });
 * using b = Booster.create([d], { nthread: 1 });
 * b.updateOneIter(0, d);
 * const graph = boosterToOnnx(b.saveModelJson());
 * equal(graph.nodes[0]!.opType, "TreeEnsembleRegressor");
 * ```
 */
export function boosterToOnnx(modelJson: string, options: OnnxExportOptions = {}): Graph {
  const model = parseModel(modelJson);
  const b = new GraphBuilder(options.name ?? "xgboost");
  const x = b.input(options.inputName ?? "features", "float32", ["batch", model.features]);
  const nodes: TreeNode[] = [];
  model.trees.forEach((tree, treeId) => {
    const n = tree.left_children.length;
    for (let i = 0; i < n; i++) {
      const left = tree.left_children[i]!;
      if ((tree.split_type?.[i] ?? 0) !== 0) {
        throw new RangeError(
          `Cannot export tree ${treeId}: node ${i} splits on a category; ` +
            `train without categorical features to export to ONNX`,
        );
      }
      if (left === -1) {
        nodes.push({
          treeId,
          nodeId: i,
          mode: "LEAF",
          featureId: 0,
          value: 0,
          trueId: 0,
          falseId: 0,
          missingTracksTrue: false,
          weight: tree.split_conditions[i]!,
        });
      } else {
        nodes.push({
          treeId,
          nodeId: i,
          mode: "BRANCH_LT",
          featureId: tree.split_indices[i]!,
          value: tree.split_conditions[i]!,
          trueId: left,
          falseId: tree.right_children[i]!,
          missingTracksTrue: Boolean(tree.default_left[i]),
        });
      }
    }
  });
  const y = treeEnsembleRegressor(b, x, nodes, { baseValue: model.baseScore });
  b.output(y, options.outputName ?? "prediction");
  return b.build();
}

function parseModel(text: string): { trees: XgbTree[]; baseScore: number; features: number } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SyntaxError("Cannot export the model: it is not JSON: save it with saveModelJson()", {
      cause: err,
    });
  }
  // deno-lint-ignore no-explicit-any -- XGBoost's model schema, checked field by field below
  const learner = (json as any)?.learner;
  const trees = learner?.gradient_booster?.model?.trees;
  const params = learner?.learner_model_param;
  const objective = learner?.objective?.name;
  if (!Array.isArray(trees) || !params) {
    throw new SyntaxError(
      "Cannot export the model: no learner.gradient_booster.model.trees in the JSON: " +
        "give a gbtree model saved by XGBoost",
    );
  }
  if (!IDENTITY_OBJECTIVES.has(objective)) {
    throw new RangeError(
      `Cannot export a model with objective "${objective}": only regression objectives ` +
        `without a link function (${[...IDENTITY_OBJECTIVES].join(", ")}) are supported`,
    );
  }
  return {
    trees: trees as XgbTree[],
    baseScore: Number(params.base_score),
    features: Number(params.num_feature),
  };
}
