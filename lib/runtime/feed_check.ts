/**
 * Checks of a session run's feeds and pre-allocated outputs against the
 * model's inputs and outputs, shared by both session kinds (the Node binding
 * and the C API), so a wrong name, type or shape gets the same message
 * whichever runs the model.
 *
 * @module
 */

import type { FeedSummary } from "../errors.ts";
import { product } from "../onnx/_builder_support.ts";
import type { Tensor } from "./tensor.ts";

/**
 * An output the session cannot hand back (its element type has no tensor
 * type here). Thrown as is by `Session.run`, not wrapped as an ORT failure:
 * the model ran, the caller asked for something unreadable.
 */
export class UnreadableOutputError extends TypeError {
  /**
   * Creates the error.
   *
   * @param name the output
   * @param what its element type, as the runtime describes it
   */
  constructor(name: string, what: string) {
    super(`Cannot read output "${name}": ${what} is not supported`);
    this.name = "UnreadableOutputError";
  }
}

/** One input or output of a loaded model, as the checks need it (tensors are checked). */
export type IoMetadata =
  | { name: string; isTensor: false }
  | {
    name: string;
    isTensor: true;
    /** Element type name, e.g. "float32". */
    type: string;
    /** Dimensions; a string or a negative number is a free dimension. */
    shape: readonly (number | string)[];
  };

/** Name, dtype and dims of each feed (never its data), for messages and errors. */
export function summarise(feeds: Record<string, Tensor>): FeedSummary[] {
  return Object.entries(feeds).map(([name, t]) => ({ name, dtype: t?.dtype, dims: t?.dims ?? [] }));
}

/** The feeds as `name: dtype[dims]`, comma-separated. */
export function describe(feeds: readonly FeedSummary[]): string {
  return feeds.map((f) => `${f.name}: ${f.dtype}[${f.dims.join(", ")}]`).join(", ");
}

/** The element type and value count of tensor `t` against `m` (`kind` "input" or "output"). */
function typeAndCount(
  kind: "input" | "output",
  t: Tensor,
  m: { name: string; type: string },
): string[] {
  const problems: string[] = [];
  if (t.dtype !== m.type) problems.push(`${kind} "${m.name}" must be ${m.type}, got ${t.dtype}`);
  const expected = product(t.dims);
  if (t.data.length !== expected) {
    problems.push(
      `${kind} "${m.name}" has ${t.data.length} values but dims [${
        t.dims.join(", ")
      }] need ${expected}`,
    );
  }
  return problems;
}

/** Every problem of `feeds` against the model's inputs: missing, unknown, wrong type, count or shape. */
export function validate(
  feeds: Record<string, Tensor>,
  meta: readonly IoMetadata[],
): string[] {
  const problems: string[] = [];
  for (const m of meta) {
    const t = feeds[m.name];
    if (!t) {
      problems.push(`input "${m.name}" is missing`);
      continue;
    }
    if (!m.isTensor) continue;
    problems.push(...typeAndCount("input", t, m));
    if (m.shape.length > 0) {
      if (m.shape.length !== t.dims.length) {
        problems.push(
          `input "${m.name}" must have rank ${m.shape.length} ([${m.shape.join(", ")}]), got [${
            t.dims.join(", ")
          }]`,
        );
      } else {
        m.shape.forEach((d, i) => {
          if (typeof d === "number" && d >= 0 && d !== t.dims[i]) {
            problems.push(
              `input "${m.name}" dimension ${i} must be ${d}, got ${t.dims[i]} ([${
                t.dims.join(", ")
              }])`,
            );
          }
        });
      }
    }
  }
  const known = new Set(meta.map((m) => m.name));
  for (const name of Object.keys(feeds)) {
    if (!known.has(name)) problems.push(`"${name}" is not an input of the model`);
  }
  return problems;
}

/** Every problem of pre-allocated outputs against the model's outputs: unknown, wrong type, count or dims. */
export function validateOutputs(
  given: Record<string, Tensor>,
  meta: readonly IoMetadata[],
): string[] {
  const problems: string[] = [];
  const byName = new Map(meta.map((m) => [m.name, m]));
  for (const [name, t] of Object.entries(given)) {
    const m = byName.get(name);
    if (!m) {
      problems.push(`"${name}" is not an output of the model`);
      continue;
    }
    if (!m.isTensor) continue;
    problems.push(...typeAndCount("output", t, m));
    const dimsOk = m.shape.length === 0 || (m.shape.length === t.dims.length &&
      m.shape.every((d, i) => typeof d !== "number" || d < 0 || d === t.dims[i]));
    if (!dimsOk) {
      problems.push(
        `output "${name}" must have dims [${m.shape.join(", ")}], got [${t.dims.join(", ")}]`,
      );
    }
  }
  return problems;
}
