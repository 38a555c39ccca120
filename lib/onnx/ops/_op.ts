/**
 * Private types shared by the op files: the op definition (shape rule + VJP)
 * and the failure helper that shape rules throw.
 *
 * @module
 */

import { ShapeError } from "../../errors.ts";
import type { Attribute, ConstTensor, Dim, DType, Node, Value } from "../graph.ts";
import type { GraphBuilder } from "../builder.ts";

/** What a shape rule may ask the builder while it runs. */
export interface InferContext {
  /** Node path being built (for messages). */
  readonly path: string;
  /** The data of a value when it is a known constant. */
  constantOf(v: Value): ConstTensor | undefined;
  /** The known content of a 1-D int64 value as dims (constants, Shape outputs and what is built from them). */
  dimsOf(v: Value): readonly Dim[] | undefined;
  /** A fresh symbolic dimension name for a dimension that cannot be inferred. */
  unknownDim(): string;
}

/** One inferred output. */
export interface InferredOutput {
  /** Element type. */
  dtype: DType;
  /** Shape. */
  shape: Dim[];
  /** Known content when the output is a 1-D int64 vector of dims (shape arithmetic). */
  dims?: Dim[];
}

/** What a VJP rule receives. */
export interface VjpArgs {
  /** The forward node. */
  readonly node: Node;
  /** I(i): the forward inputs (`undefined` for omitted optional inputs). */
  readonly inputs: readonly (Value | undefined)[];
  /** O(i): the forward outputs. */
  readonly outputs: readonly Value[];
  /** GO(i): gradients of the outputs (`undefined` when an output does not reach the loss). */
  readonly gradOutputs: readonly (Value | undefined)[];
  /** Whether GI(i) is wanted; rules may skip building gradients that are not. */
  readonly needs: readonly boolean[];
}

/**
 * A VJP rule: returns GI(i) for each forward input, `undefined` where there is none.
 * A returned gradient may have the broadcast (output) shape: the caller un-broadcasts it.
 */
export type VjpRule = (b: GraphBuilder, args: VjpArgs) => (Value | undefined)[];

/** One ONNX op: its type, shape rule and optional VJP rule. */
export interface OpDef {
  /** ONNX op type. */
  readonly type: string;
  /** Operator set domain and the version it follows, for ops outside the default ONNX domain. */
  readonly domain?: { readonly name: string; readonly version: number };
  /** Default node name (last path component). */
  readonly defaultName: string;
  /** Shape and dtype rule; throws {@linkcode InferError} via {@linkcode fail}. */
  infer(
    ctx: InferContext,
    inputs: readonly (Value | undefined)[],
    attrs: Readonly<Record<string, Attribute>>,
  ): InferredOutput[];
  /** VJP rule; absent when the op cannot be differentiated. */
  readonly vjp?: VjpRule;
}

/** Thrown by shape rules; the builder turns it into a `ShapeError` naming the node. */
export class InferError extends TypeError {
  /** Expected shape or type, in words. */
  readonly expected: string;
  /** Actual shape or type, in words. */
  readonly actual: string;
  /**
   * @param detail what is wrong
   * @param expected the expected shape
   * @param actual the actual shape
   */
  constructor(detail: string, expected: string, actual: string) {
    super(detail);
    this.name = "InferError";
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * Throws an {@linkcode InferError}.
 *
 * @param detail what is wrong, e.g. `inner dimensions differ: 64 vs 48`
 * @param expected the expected shape in words
 * @param actual the actual shape in words
 */
export function fail(detail: string, expected = "", actual = ""): never {
  throw new InferError(detail, expected, actual);
}

/**
 * Runs a shape rule, turning an {@linkcode InferError} into a `ShapeError` whose
 * message names the op and the node path.
 */
export function runInfer(
  def: OpDef,
  path: string,
  infer: () => InferredOutput[],
): InferredOutput[] {
  try {
    return infer();
  } catch (e) {
    if (e instanceof InferError) {
      throw new ShapeError(
        path,
        e.expected,
        e.actual,
        `Cannot build ${def.type} "${path}": ${e.message}`,
      );
    }
    throw e;
  }
}
