/**
 * The ONNX graph IR: plain data types, a builder that infers shapes while
 * building, one builder per ONNX op (opset 18) with its VJP rule, and the
 * serialiser.
 *
 * @example Usage
 * ```ts
 * import { GraphBuilder, matMul, relu, serializeModel } from "./mod.ts";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder("mlp");
 * const x = b.input("x", "float32", ["batch", 4]);
 * const w = b.initializer("w", new Float32Array(8), [4, 2]);
 * b.output(b.scope("layer", () => relu(b, matMul(b, x, w))), "y");
 * assert.ok(serializeModel(b.build()).length > 0);
 * ```
 *
 * @module
 */

export * from "./graph.ts";
export * from "./builder.ts";
export * from "./ops/mod.ts";
export * from "./serialize.ts";
