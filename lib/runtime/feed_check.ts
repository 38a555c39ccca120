/**
 * Checks of a session run's feeds and pre-allocated outputs against the
 * model's inputs and outputs, shared by both session kinds (the Node binding
 * and the C API), so a wrong name, type or shape gets the same message
 * whichever runs the model.
 *
 * @module
 */

import type { FeedSummary } from "../errors.ts";
import type { Tensor } from "./tensor.ts";

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

export function summarise(feeds: Record<string, Tensor>): FeedSummary[] {
  return Object.entries(feeds).map(([name, t]) => ({ name, dtype: t?.dtype, dims: t?.dims ?? [] }));
}

export function describe(feeds: readonly FeedSummary[]): string {
  return feeds.map((f) => `${f.name}: ${f.dtype}[${f.dims.join(", ")}]`).join(", ");
}

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
    if (t.dtype !== m.type) problems.push(`input "${m.name}" must be ${m.type}, got ${t.dtype}`);
    const expected = t.dims.reduce((a, d) => a * d, 1);
    if (t.data.length !== expected) {
      problems.push(
        `input "${m.name}" has ${t.data.length} values but dims [${
          t.dims.join(", ")
        }] need ${expected}`,
      );
    }
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
    if (t.dtype !== m.type) problems.push(`output "${name}" must be ${m.type}, got ${t.dtype}`);
    const expected = t.dims.reduce((a, d) => a * d, 1);
    if (t.data.length !== expected) {
      problems.push(
        `output "${name}" has ${t.data.length} values but dims [${
          t.dims.join(", ")
        }] need ${expected}`,
      );
    }
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
