/**
 * {@linkcode GraphBuilder}: adds nodes, creates unique names and node paths,
 * and runs each op's shape rule as the node is added, so shape errors name the
 * node while the graph is being built.
 *
 * @module
 */

import type {
  Attribute,
  ConstTensor,
  Dim,
  DType,
  Graph,
  Initializer,
  Node,
  TensorData,
  Value,
} from "./graph.ts";
import { type OpDef, runInfer } from "./ops/_op.ts";
import {
  type AddNodeOptions,
  type ConstantData,
  dtypeOfData,
  type FromGraphOptions,
  product,
  toData,
} from "./_builder_support.ts";

export type { AddNodeOptions, ConstantData, FromGraphOptions } from "./_builder_support.ts";

const SMALL_CONSTANT = 16;

/**
 * Builds a {@linkcode Graph} node by node, inferring shapes as it goes.
 *
 * @example Usage
 * ```ts
 * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
 * import { matMul } from "./ops/mod.ts";
 * import assert from "node:assert/strict";
 * const b = new GraphBuilder("demo");
 * const x = b.input("x", "float32", ["batch", 4]);
 * const w = b.initializer("w", new Float32Array(12), [4, 3]);
 * const y = b.scope("proj", () => matMul(b, x, w));
 * b.output(y, "y");
 * assert.deepEqual(b.build().outputs[0]!.shape, ["batch", 3]);
 * ```
 */
export class GraphBuilder {
  /** Graph name. */
  readonly name: string;
  #inputs: Value[] = [];
  #outputs: Value[] = [];
  #initializers: Initializer[] = [];
  #nodes: Node[] = [];
  #values = new Map<string, Value>();
  #nodeNames = new Set<string>();
  #constants = new Map<string, ConstTensor>();
  #dims = new Map<string, readonly Dim[]>();
  #smallConstants = new Map<string, Value>();
  #scopes: string[] = [];
  #unknown = 0;

  /** Creates an empty graph builder.
   * @param name the graph name
   */
  constructor(name = "graph") {
    this.name = name;
  }

  /**
   * Starts a builder holding a copy of an existing graph, to extend it.
   *
   * @param graph the graph to copy
   * @param options which outputs to keep and which initializers become inputs
   * @returns a builder with the graph's inputs, initializers and nodes
   * @throws {TypeError} when a name in `initializersAsInputs` is not an initializer
   */
  static fromGraph(graph: Graph, options: FromGraphOptions = {}): GraphBuilder {
    const b = new GraphBuilder(graph.name);
    const asInputs = new Set(options.initializersAsInputs ?? []);
    for (const v of graph.inputs) b.#addValue(v, true);
    for (const init of graph.initializers) {
      if (asInputs.has(init.name)) {
        asInputs.delete(init.name);
        b.#addValue({ name: init.name, dtype: init.dtype, shape: [...init.dims] }, true);
      } else {
        b.#initializers.push(init);
        b.#constants.set(init.name, init);
        b.#values.set(init.name, { name: init.name, dtype: init.dtype, shape: [...init.dims] });
      }
    }
    if (asInputs.size > 0) {
      throw new TypeError(
        `Cannot turn "${
          [...asInputs][0]
        }" into a graph input: it is not an initializer of the graph`,
      );
    }
    for (const [name, v] of graph.values) if (!b.#values.has(name)) b.#values.set(name, v);
    for (const n of graph.nodes) {
      b.#nodes.push(n);
      b.#nodeNames.add(n.name);
    }
    if (options.keepOutputs ?? true) b.#outputs.push(...graph.outputs);
    return b;
  }

  #addValue(v: Value, isInput: boolean): Value {
    if (this.#values.has(v.name)) {
      throw new TypeError(
        `Cannot add "${v.name}": the name is already used in graph "${this.name}"`,
      );
    }
    this.#values.set(v.name, v);
    if (isInput) this.#inputs.push(v);
    return v;
  }

  #uniqueValueName(base: string): string {
    return this.#unique(base, (n) => this.#values.has(n));
  }

  #uniqueNodeName(base: string): string {
    return this.#unique(base, (n) => this.#nodeNames.has(n) || this.#values.has(n));
  }

  #unique(base: string, taken: (n: string) => boolean): string {
    if (!taken(base)) return base;
    for (let i = 1;; i++) if (!taken(`${base}_${i}`)) return `${base}_${i}`;
  }

  #path(name: string): string {
    return [...this.#scopes, name].join("/");
  }

  /**
   * Declares a graph input.
   *
   * @param name unique input name
   * @param dtype element type
   * @param shape dims; strings are symbolic (e.g. `"batch"`)
   * @returns the input value
   * @throws {TypeError} when the name is taken
   * @example Usage
   * ```ts
   * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
   * import assert from "node:assert/strict";
   * const x = new GraphBuilder().input("x", "float32", ["batch", 8]);
   * assert.deepEqual(x.shape, ["batch", 8]);
   * ```
   */
  input(name: string, dtype: DType, shape: readonly Dim[]): Value {
    return this.#addValue({ name, dtype, shape: [...shape] }, true);
  }

  /**
   * Adds a named weight.
   *
   * @param name unique name
   * @param data the data; its array type gives the dtype (`Uint8Array` is bool)
   * @param dims static dims whose product equals `data.length`
   * @returns the initializer value
   * @throws {TypeError} when the name is taken or the size does not match
   * @example Usage
   * ```ts
   * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
   * import assert from "node:assert/strict";
   * const w = new GraphBuilder().initializer("w", new Float32Array(6), [2, 3]);
   * assert.equal(w.dtype, "float32");
   * ```
   */
  initializer(name: string, data: TensorData, dims: readonly number[]): Value {
    if (product(dims) !== data.length) {
      throw new TypeError(
        `Cannot add initializer "${name}": dims [${dims.join(", ")}] hold ${
          product(dims)
        } elements but the data has ${data.length}`,
      );
    }
    const dtype = dtypeOfData(data);
    const v = this.#addValue({ name, dtype, shape: [...dims] }, false);
    const init: Initializer = { name, dtype, dims: [...dims], data };
    this.#initializers.push(init);
    this.#constants.set(name, init);
    if (dtype === "int64" && dims.length === 1) {
      this.#dims.set(name, Array.from(data as BigInt64Array, Number));
    }
    return v;
  }

  /**
   * Adds an anonymous constant (small ones are shared).
   *
   * @param data values
   * @param dims static dims whose product equals the number of values
   * @param dtype element type @default from the array type, float32 for `number[]`
   * @returns the constant value
   * @example Usage
   * ```ts
   * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
   * import assert from "node:assert/strict";
   * const c = new GraphBuilder().constant([0, -1], [2], "int64");
   * assert.equal(c.dtype, "int64");
   * ```
   */
  constant(data: ConstantData, dims: readonly number[], dtype?: DType): Value {
    const dt = dtype ?? (Array.isArray(data) ? "float32" : dtypeOfData(data as TensorData));
    const typed = toData(data, dt);
    let key: string | undefined;
    if (typed.length <= SMALL_CONSTANT) {
      key = `${dt}|${dims.join(",")}|${Array.from(typed as ArrayLike<number | bigint>).join(",")}`;
      const hit = this.#smallConstants.get(key);
      if (hit) return hit;
    }
    const v = this.initializer(this.#uniqueValueName(this.#path("const")), typed, dims);
    if (key) this.#smallConstants.set(key, v);
    return v;
  }

  /**
   * Runs `fn` with `name` appended to the node path of every node it adds.
   *
   * @param name path component, e.g. `"attn"` or `"3"`
   * @param fn adds nodes
   * @returns what `fn` returns
   * @example Usage
   * ```ts
   * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
   * import { relu } from "./ops/mod.ts";
   * import assert from "node:assert/strict";
   * const b = new GraphBuilder();
   * const x = b.input("x", "float32", [2]);
   * const y = b.scope("enc", () => b.scope("0", () => relu(b, x)));
   * assert.equal(y.name, "enc/0/relu");
   * ```
   */
  scope<T>(name: string, fn: () => T): T {
    this.#scopes.push(name);
    try {
      return fn();
    } finally {
      this.#scopes.pop();
    }
  }

  /**
   * Marks a value as a graph output, under `name` (through an Identity node) if given.
   *
   * @param v the value
   * @param name output name @default v.name
   * @returns the output value
   * @throws {TypeError} when `name` is already used by another value
   * @example Usage
   * ```ts
   * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
   * import assert from "node:assert/strict";
   * const b = new GraphBuilder();
   * const y = b.output(b.input("x", "float32", [1]), "y");
   * assert.equal(y.name, "y");
   * ```
   */
  output(v: Value, name?: string): Value {
    this.#check(v, "output");
    let out = v;
    if (name !== undefined && name !== v.name) {
      if (this.#values.has(name)) {
        throw new TypeError(`Cannot name output "${name}": the name is already used`);
      }
      const nodeName = this.#uniqueNodeName(this.#path(name));
      out = { name, dtype: v.dtype, shape: v.shape, producer: nodeName };
      this.#values.set(name, out);
      this.#nodeNames.add(nodeName);
      this.#nodes.push({
        opType: "Identity",
        name: nodeName,
        inputs: [v.name],
        outputs: [name],
        attributes: {},
      });
    }
    this.#outputs.push(out);
    return out;
  }

  #check(v: Value, what: string): void {
    if (this.#values.get(v.name) === undefined) {
      throw new TypeError(
        `Cannot use "${v.name}" in ${what}: it is not a value of graph "${this.name}"`,
      );
    }
  }

  /**
   * Adds one node of `def`, running its shape rule first (op builders call this).
   *
   * @param def the op definition
   * @param inputs the inputs (`undefined` for an omitted optional input)
   * @param attributes the attributes
   * @param options node name and number of outputs
   * @returns the output values
   * @throws {ShapeError} when the shape rule rejects the inputs; the message names the node path
   * @example Usage
   * ```ts
   * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
   * import { REGISTRY } from "@chronos-deno/chronos-deno/onnx";
   * import assert from "node:assert/strict";
   * const b = new GraphBuilder();
   * const x = b.input("x", "float32", [2]);
   * const [y] = b.addNode(REGISTRY.get("Relu")!, [x], {});
   * assert.deepEqual(y!.shape, [2]);
   * ```
   */
  addNode(
    def: OpDef,
    inputs: readonly (Value | undefined)[],
    attributes: Readonly<Record<string, Attribute>> = {},
    options: AddNodeOptions = {},
  ): Value[] {
    const path = this.#uniqueNodeName(this.#path(options.name ?? def.defaultName));
    for (const v of inputs) if (v) this.#check(v, `node "${path}"`);
    const inferred = runInfer(def, path, () =>
      def.infer(
        {
          path,
          constantOf: (v) => this.#constants.get(v.name),
          dimsOf: (v) => this.#dims.get(v.name),
          unknownDim: () => `?${++this.#unknown}`,
        },
        inputs,
        attributes,
      ));
    const n = options.outputs ?? inferred.length;
    const outs: Value[] = [];
    this.#nodeNames.add(path);
    for (let i = 0; i < n; i++) {
      const info = inferred[i]!;
      const name = this.#uniqueValueName(i === 0 ? path : `${path}:${i}`);
      const v: Value = { name, dtype: info.dtype, shape: info.shape, producer: path };
      this.#values.set(name, v);
      if (info.dims) this.#dims.set(name, info.dims);
      outs.push(v);
    }
    this.#nodes.push({
      opType: def.type,
      ...(def.domain ? { domain: def.domain.name } : {}),
      name: path,
      inputs: inputs.map((v) => v?.name ?? ""),
      outputs: outs.map((v) => v.name),
      attributes: { ...attributes },
    });
    return outs;
  }

  /**
   * The data of a value when it is a known constant (an initializer of this builder).
   *
   * @param v the value
   * @returns its data, or `undefined` when it is computed or fed
   */
  constantOf(v: Value): ConstTensor | undefined {
    return this.#constants.get(v.name);
  }

  /**
   * Looks up a value by name.
   *
   * @param name the value name
   * @returns the value, or `undefined`
   */
  value(name: string): Value | undefined {
    return this.#values.get(name);
  }

  /**
   * Returns the graph built so far (a snapshot; the builder stays usable).
   *
   * @returns the graph
   * @example Usage
   * ```ts
   * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
   * import assert from "node:assert/strict";
   * const b = new GraphBuilder("g");
   * b.output(b.input("x", "float32", [1]));
   * assert.equal(b.build().outputs.length, 1);
   * ```
   */
  build(): Graph {
    return {
      name: this.name,
      inputs: [...this.#inputs],
      outputs: [...this.#outputs],
      initializers: [...this.#initializers],
      nodes: [...this.#nodes],
      values: new Map(this.#values),
    };
  }
}
