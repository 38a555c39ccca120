/**
 * Where the layers get their weights. A {@linkcode WeightSource} returns the
 * graph value of a tensor by its official state-dict name: an initializer
 * (inference, frozen weights), a graph input (trainable weights) or a
 * composite such as LoRA's `W + s·B·A`. {@linkcode GraphWeights} wraps a
 * source (or a plain weight map, as initializers under their original names,
 * so gradients and fine-tuned copies map back one to one) and adds `linear`,
 * which multiplies by the transpose (`y = x·Wᵀ (+ b)`; ONNX Runtime folds the
 * transpose of a constant at load time).
 *
 * @module
 */

import type { GraphBuilder, Value } from "../../../lib/onnx/mod.ts";
import { add, matMul, transpose } from "../../../lib/onnx/mod.ts";
import { ModelFormatError } from "../../../lib/errors.ts";
import type { WeightMap } from "../weights.ts";

/** The graph value of each weight, by official state-dict name. */
export interface WeightSource {
  /**
   * The value of weight `name`.
   *
   * @param name state-dict name, e.g. `encoder.block.0.layer.0.self_attention.q.weight`
   * @returns its graph value
   */
  get(name: string): Value;
}

/**
 * The weights of a graph: initializers from a weight map, or any
 * {@linkcode WeightSource}; each value is asked for once and cached.
 */
export class GraphWeights implements WeightSource {
  #b: GraphBuilder;
  #source: WeightSource | undefined;
  #w: WeightMap | undefined;
  #values = new Map<string, Value>();
  #transposed = new Map<string, Value>();

  /**
   * Wraps a weight map (each tensor becomes an initializer when first used)
   * or a weight source (asked once per name).
   *
   * @param b the builder
   * @param weights the tensors, or a source of graph values
   * @example Usage
   * ```ts
   * import { GraphBuilder } from "@chronos-deno/chronos-deno/onnx";
   * import { GraphWeights } from "@chronos-deno/chronos-deno/chronos2";
   * const b = new GraphBuilder();
   * const w = new GraphWeights(b, new Map([["a", { dtype: "F32", shape: [1], data: new Float32Array(1) }]]));
   * if (w.get("a").name !== "a") throw new Error();
   * const x = b.input("x", "float32", [1]);
   * if (new GraphWeights(b, { get: () => x }).get("a") !== x) throw new Error();
   * ```
   */
  constructor(b: GraphBuilder, weights: WeightMap | WeightSource) {
    this.#b = b;
    if (weights instanceof Map) this.#w = weights;
    else this.#source = weights;
  }

  /**
   * The value of weight `name`.
   *
   * @param name state-dict name
   * @returns the value
   * @throws {ModelFormatError} when a weight map lacks the tensor
   */
  get(name: string): Value {
    let v = this.#values.get(name);
    if (!v) {
      if (this.#source) {
        v = this.#source.get(name);
      } else {
        const t = this.#w!.get(name);
        if (!t) {
          throw new ModelFormatError(name, `Cannot build the graph: weight "${name}" is missing`);
        }
        v = this.#b.initializer(name, t.data, t.shape);
      }
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

  /**
   * `x·Wᵢᵀ` for several weights applied to the same input (attention's q, k
   * and v), in the order given; a subclass may share work between them.
   *
   * @param x input `[..., in]`
   * @param weights names of the `Wᵢ` `[outᵢ, in]`
   * @returns one `[..., outᵢ]` per weight
   */
  linears(x: Value, weights: readonly string[]): Value[] {
    return weights.map((name) => this.linear(x, name));
  }
}
