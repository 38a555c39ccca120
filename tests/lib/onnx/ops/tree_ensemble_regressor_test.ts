import { deepEqual, equal, throws } from "node:assert/strict";
import { GraphBuilder } from "../../../../lib/onnx/builder.ts";
import {
  treeEnsembleRegressor,
  type TreeNode,
} from "../../../../lib/onnx/ops/tree_ensemble_regressor.ts";
import { serializeModel } from "../../../../lib/onnx/serialize.ts";
import { ShapeError } from "../../../../lib/errors.ts";
import { runGraph } from "../_harness.ts";

const LEAF = { featureId: 0, value: 0, trueId: 0, falseId: 0, missingTracksTrue: false };

/** Tree 0: x1 < 2 ? (x0 < -1 ? 10 : 20) : 30, missing x1 → right; tree 1: x0 < 0 ? 1 : 2, missing → left. */
const NODES: TreeNode[] = [
  {
    treeId: 0,
    nodeId: 0,
    mode: "BRANCH_LT",
    featureId: 1,
    value: 2,
    trueId: 1,
    falseId: 2,
    missingTracksTrue: false,
  },
  {
    treeId: 0,
    nodeId: 1,
    mode: "BRANCH_LT",
    featureId: 0,
    value: -1,
    trueId: 3,
    falseId: 4,
    missingTracksTrue: true,
  },
  { treeId: 0, nodeId: 2, mode: "LEAF", weight: 30, ...LEAF },
  { treeId: 0, nodeId: 3, mode: "LEAF", weight: 10, ...LEAF },
  { treeId: 0, nodeId: 4, mode: "LEAF", weight: 20, ...LEAF },
  {
    treeId: 1,
    nodeId: 0,
    mode: "BRANCH_LT",
    featureId: 0,
    value: 0,
    trueId: 1,
    falseId: 2,
    missingTracksTrue: true,
  },
  { treeId: 1, nodeId: 1, mode: "LEAF", weight: 1, ...LEAF },
  { treeId: 1, nodeId: 2, mode: "LEAF", weight: 2, ...LEAF },
];

Deno.test("treeEnsembleRegressor() gives [N, 1] and refuses other ranks and dtypes", () => {
  const b = new GraphBuilder();
  deepEqual(treeEnsembleRegressor(b, b.input("x", "float32", ["n", 2]), NODES).shape, ["n", 1]);
  throws(() => treeEnsembleRegressor(b, b.input("v", "float32", [2]), NODES), ShapeError);
  throws(() => treeEnsembleRegressor(b, b.input("i", "int64", [1, 2]), NODES), /must be float/);
  throws(() => treeEnsembleRegressor(b, b.input("z", "float32", [1, 2]), []), RangeError);
});

Deno.test("treeEnsembleRegressor() sums the trees' leaves through ORT, missing values included", async () => {
  const b = new GraphBuilder("trees");
  b.output(
    treeEnsembleRegressor(b, b.input("x", "float32", ["n", 2]), NODES, { baseValue: 0.5 }),
    "y",
  );
  const rows = [[-2, 0], [0.5, 1], [-2, 5], [NaN, 0], [-2, NaN], [-1, 1.999]];
  // By hand: tree 0 + tree 1 + 0.5.
  const expected = [10 + 1, 20 + 2, 30 + 1, 10 + 1, 30 + 1, 20 + 1].map((v) => v + 0.5);
  const out = await runGraph(b.build(), {
    x: { dtype: "float32", dims: [rows.length, 2], data: Float32Array.from(rows.flat()) },
  });
  deepEqual(out.y!.dims, [rows.length, 1]);
  deepEqual([...out.y!.data as Float32Array], expected);
});

Deno.test("serializeModel() imports the ai.onnx.ml opset for tree nodes", () => {
  const b = new GraphBuilder("trees");
  b.output(treeEnsembleRegressor(b, b.input("x", "float32", [1, 2]), NODES), "y");
  const bytes = serializeModel(b.build());
  const text = new TextDecoder("latin1").decode(bytes);
  equal(text.includes("ai.onnx.ml"), true);
  equal(text.includes("BRANCH_LT"), true);
});

Deno.test("serializeModel() asks for the opset of an unknown domain", () => {
  const b = new GraphBuilder("custom");
  const def = {
    type: "Foo",
    domain: { name: "com.example", version: 2 },
    defaultName: "foo",
    infer: () => [{ dtype: "float32" as const, shape: [1] }],
  };
  const [y] = b.addNode(def, [b.input("x", "float32", [1])]);
  b.output(y!, "y");
  const graph = b.build();
  equal(graph.nodes[0]!.domain, "com.example");
  throws(() => serializeModel(graph), /no opset version for domain "com.example"/);
  const bytes = serializeModel(graph, { domainVersions: { "com.example": 2 } });
  equal(new TextDecoder("latin1").decode(bytes).includes("com.example"), true);
});
