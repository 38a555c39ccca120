/**
 * Gradient accumulation over micro-batches: sums flat gradients, then hands
 * out their mean, which is what dividing each micro-batch loss by the number
 * of accumulation steps (as Hugging Face's Trainer does) produces.
 *
 * @module
 */

/** Sums gradients of several micro-batches into one flat buffer. */
export class GradientAccumulator {
  /** The running sum (then the mean after {@linkcode GradientAccumulator.mean}). */
  readonly buffer: Float32Array;
  #count = 0;
  #lossSum = 0;

  /**
   * Creates an accumulator for `size` trainable scalars.
   *
   * @param size number of trainable scalars
   * @param buffer where the sums go (e.g. the optimizer's own gradient buffer), `size` long
   * @throws {RangeError} when `buffer` is not `size` long
   * @example Usage
   * ```ts
   * import { GradientAccumulator } from "@chronos-deno/chronos-deno/optim";
   * import assert from "node:assert/strict";
   * const acc = new GradientAccumulator(2);
   * acc.add([new Float32Array([1, 2])], 0.5);
   * acc.add([new Float32Array([3, 4])], 1.5);
   * assert.deepEqual([...acc.mean()], [2, 3]);
   * assert.equal(acc.meanLoss, 1);
   * ```
   */
  constructor(size: number, buffer?: Float32Array) {
    if (buffer && buffer.length !== size) {
      throw new RangeError(
        `Gradient buffer holds ${buffer.length} values but ${size} are trainable`,
      );
    }
    this.buffer = buffer ?? new Float32Array(size);
  }

  /** Number of micro-batches added since the last reset. */
  get count(): number {
    return this.#count;
  }

  /** Mean loss of the micro-batches added since the last reset (NaN when none). */
  get meanLoss(): number {
    return this.#count === 0 ? NaN : this.#lossSum / this.#count;
  }

  /**
   * Adds one micro-batch's gradients, given as consecutive pieces of the flat
   * layout (their lengths must add up to the buffer size).
   *
   * @param pieces gradient tensors in flat-layout order
   * @param loss that micro-batch's loss
   * @throws {RangeError} when the pieces do not cover the buffer exactly
   */
  add(pieces: readonly ArrayLike<number>[], loss: number): void {
    const buf = this.buffer;
    let off = 0;
    for (const p of pieces) {
      if (off + p.length > buf.length) break;
      if (this.#count === 0) {
        if (ArrayBuffer.isView(p)) buf.set(p as unknown as ArrayLike<number>, off); // block copy
        else for (let i = 0; i < p.length; i++) buf[off + i] = p[i]!;
      } else {
        for (let i = 0; i < p.length; i++) buf[off + i]! += p[i]!;
      }
      off += p.length;
    }
    if (off !== buf.length || pieces.reduce((a, p) => a + p.length, 0) !== buf.length) {
      throw new RangeError(
        `Gradient pieces hold ${
          pieces.reduce((a, p) => a + p.length, 0)
        } values but ${buf.length} are trainable`,
      );
    }
    this.#count++;
    this.#lossSum += loss;
  }

  /**
   * Records a first micro-batch whose gradients were written straight into
   * {@linkcode GradientAccumulator.buffer} (e.g. as ORT's pre-allocated
   * outputs), so nothing is copied.
   *
   * @param loss that micro-batch's loss
   * @throws {RangeError} when micro-batches were already added since the last reset
   * @example Usage
   * ```ts
   * import { GradientAccumulator } from "@chronos-deno/chronos-deno/optim";
   * import assert from "node:assert/strict";
   * const acc = new GradientAccumulator(2);
   * acc.buffer.set([1, 2]);
   * acc.addWritten(0.5);
   * acc.add([new Float32Array([3, 4])], 1.5);
   * assert.deepEqual([...acc.mean()], [2, 3]);
   * ```
   */
  addWritten(loss: number): void {
    if (this.#count !== 0) {
      throw new RangeError(
        `Cannot record gradients written into the buffer after ${this.#count} micro-batches: only the first may be written in place`,
      );
    }
    this.#count++;
    this.#lossSum += loss;
  }

  /**
   * Turns the sum into the mean over the micro-batches added, in place.
   *
   * @returns the buffer, now holding the mean gradient
   * @throws {RangeError} when nothing was added
   */
  mean(): Float32Array {
    if (this.#count === 0) throw new RangeError("Cannot average gradients: no micro-batch added");
    if (this.#count > 1) {
      const s = 1 / this.#count;
      for (let i = 0; i < this.buffer.length; i++) this.buffer[i]! *= s;
    }
    return this.buffer;
  }

  /** Starts a new accumulation (the next `add` overwrites the buffer). */
  reset(): void {
    this.#count = 0;
    this.#lossSum = 0;
  }
}
