/**
 * Numeric closeness assertion with a useful failure message: the number of
 * mismatches, the worst index and the worst actual/expected pair.
 *
 * @module
 */

import { AssertionError } from "node:assert/strict";

/** Tolerances: |a − e| ≤ atol + rtol·|e|. */
export interface CloseOptions {
  /** Absolute tolerance. @default 1e-6 */
  atol?: number;
  /** Relative tolerance. @default 1e-5 */
  rtol?: number;
  /** Shape to check (when the arrays are flat). */
  shape?: readonly number[];
  /** Expected shape (checked against `shape`). */
  expectedShape?: readonly number[];
  /** Prefix for the failure message. */
  label?: string;
}

type Num = ArrayLike<number>;

/**
 * Asserts that two numeric arrays (or numbers) agree within tolerance. NaN
 * matches NaN; infinities must be equal.
 *
 * @param actual computed values
 * @param expected reference values
 * @param opts tolerances and labels
 * @throws {AssertionError} listing mismatches and the worst one
 */
export function assertClose(
  actual: Num | number,
  expected: Num | number,
  opts: CloseOptions = {},
): void {
  const atol = opts.atol ?? 1e-6;
  const rtol = opts.rtol ?? 1e-5;
  const label = opts.label ? `${opts.label}: ` : "";
  if (opts.shape && opts.expectedShape) {
    if (opts.shape.join(",") !== opts.expectedShape.join(",")) {
      throw new AssertionError({
        message: `${label}shape [${opts.shape}] differs from expected [${opts.expectedShape}]`,
      });
    }
  }
  const a: Num = typeof actual === "number" ? [actual] : actual;
  const e: Num = typeof expected === "number" ? [expected] : expected;
  if (a.length !== e.length) {
    throw new AssertionError({
      message: `${label}length ${a.length} differs from expected ${e.length}`,
    });
  }
  let bad = 0;
  let worst = -1;
  let worstErr = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = e[i]!;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    const err = Math.abs(x - y);
    const ok = x === y || err <= atol + rtol * Math.abs(y);
    if (!ok) {
      bad++;
      const score = Number.isNaN(err) ? Infinity : err / (atol + rtol * Math.abs(y));
      if (score > worstErr) {
        worstErr = score;
        worst = i;
      }
    }
  }
  if (bad > 0) {
    throw new AssertionError({
      message: `${label}${bad} of ${a.length} values differ (atol ${atol}, rtol ${rtol}); ` +
        `worst at index ${worst}: actual ${a[worst]} vs expected ${e[worst]}`,
    });
  }
}
