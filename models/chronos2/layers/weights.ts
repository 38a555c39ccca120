/**
 * Graph weights: each state-dict tensor becomes one initializer under its
 * original name (so gradients and fine-tuned copies map back one to one), and
 * `linear` multiplies by its transpose (`y = x·Wᵀ (+ b)`), which ONNX Runtime
 * folds at load time.
 *
 * @module
 */

import type { GraphBuilder, Value } from "../../../lib/onnx/mod.ts";
import { add, matMul, transpose } from "../../../lib/onnx/mod.ts";
import { ModelFormatError } from "../../../lib/errors.ts";
import type { WeightMap } from "../weights.ts";

/** Creates initializers lazily, once per tensor name. */
export class GraphWeights {
  #b: GraphBuilder;
  #w: WeightMap;
  #values = new Map<string, Value>();
  #transposed = new Map<string, Value>();

  /**
   * @param b the builder
   * @param weights the tensors
   * @example Usage
   * ```ts
   * import { GraphBuilder } from "../../../lib/onnx/mod.ts";
   * import { GraphWeights } from "./weights.ts";
   * const w = new GraphWeights(new GraphBuilder(), new Map([["a", { dtype: "F32", shape: [1], data: new Float32Array(1) }]]));
   * if (w.get("a").name !== "a") throw new Error();
   * ```
   */
  constructor(b: GraphBuilder, weights: WeightMap) {
    this.#b = b;
    this.#w = weights;
  }

  /**
   * The initializer for `name`.
   *
   * @param name state-dict name
   * @returns the value
   * @throws {ModelFormatError} when the tensor is missing
   */
  get(name: string): Value {
    let v = this.#values.get(name);
    if (!v) {
      const t = this.#w.get(name);
      if (!t) {
        throw new ModelFormatError(name, `Cannot build the graph: weight "${name}" is missing`);
      }
      v = this.#b.initializer(name, t.data, t.shape);
      this.#values.set(name, v);
    }
    return v;
  }

  /**
   * `Wᵀ` of a `[out, in]` weight (one Transpose node per weight).
   *
   * @param name state-dict name
   * @returns `[in, out]`
   */
  transposed(name: string): Value {
    let v = this.#transposed.get(name);
    if (!v) {
      const w = this.get(name);
      v = this.#b.scope(name.replaceAll(".", "_"), () => transpose(this.#b, w, { perm: [1, 0] }));
      this.#transposed.set(name, v);
    }
    return v;
  }

  /**
   * `x·Wᵀ + b` over the last axis.
   *
   * @param x input `[..., in]`
   * @param weight name of `W` `[out, in]`
   * @param bias name of `b` `[out]`, if any
   * @returns `[..., out]`
   */
  linear(x: Value, weight: string, bias?: string): Value {
    const y = matMul(this.#b, x, this.transposed(weight));
    return bias ? add(this.#b, y, this.get(bias)) : y;
  }
}
