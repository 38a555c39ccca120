/**
 * The stacking variant of an ensemble: a linear meta-model ŷ = a + Σ βⱼ·fⱼ
 * fitted by ridge-regularised least squares on the members' validation
 * forecasts (the ridge term keeps the solution stable when members are
 * nearly collinear, as forecasts of one series are).
 *
 * @module
 */

/** A fitted linear stack. */
export interface LinearStack {
  /** The intercept a. */
  intercept: number;
  /** One coefficient per member. */
  coefficients: number[];
}

/**
 * Solves A·x = b for a small symmetric positive definite A (Gaussian
 * elimination with partial pivoting), in place on copies.
 */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    const pivot = M[c]![c]!;
    if (Math.abs(pivot) < 1e-300) {
      throw new RangeError("Cannot fit the stack: the members' forecasts are degenerate");
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / pivot;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((r, i) => r[n]! / r[i]!);
}

/**
 * Fits the stack on rows where the actual and every member are finite.
 *
 * @param members one forecast array per member
 * @param actual the actuals
 * @param ridge the ridge penalty relative to the mean squared forecast (not applied to the intercept). @default 1e-6
 * @returns intercept and coefficients
 * @throws {RangeError} when there are no members, lengths differ or too few rows are usable
 * @example Usage
 * ```ts
 * import { fitStack } from "@chronos-deno/chronos-deno/ensemble";
 * import { ok } from "node:assert/strict";
 * const s = fitStack([[1, 2, 3, 4]], [3, 5, 7, 9]); // y = 1 + 2·f
 * ok(Math.abs(s.intercept - 1) < 1e-4 && Math.abs(s.coefficients[0]! - 2) < 1e-4);
 * ```
 */
export function fitStack(
  members: readonly ArrayLike<number>[],
  actual: ArrayLike<number>,
  ridge = 1e-6,
): LinearStack {
  const K = members.length;
  if (K === 0) throw new RangeError("Cannot fit the stack without members: give at least one");
  const n = actual.length;
  if (members.some((m) => m.length !== n)) {
    throw new RangeError(`Cannot fit the stack: every member needs ${n} forecasts, one per actual`);
  }
  const P = K + 1; // [1, f1..fK]
  const A = Array.from({ length: P }, () => new Array<number>(P).fill(0));
  const b = new Array<number>(P).fill(0);
  let rows = 0;
  const x = new Array<number>(P).fill(1);
  for (let i = 0; i < n; i++) {
    const y = actual[i]!;
    if (!Number.isFinite(y) || members.some((m) => !Number.isFinite(m[i]!))) continue;
    rows++;
    for (let j = 0; j < K; j++) x[j + 1] = members[j]![i]!;
    for (let j = 0; j < P; j++) {
      b[j]! += x[j]! * y;
      for (let k = 0; k < P; k++) A[j]![k]! += x[j]! * x[k]!;
    }
  }
  if (rows <= P) {
    throw new RangeError(
      `Cannot fit the stack: ${rows} usable rows for ${P} coefficients: use a longer validation split`,
    );
  }
  let scale = 0;
  for (let j = 1; j < P; j++) scale += A[j]![j]! / rows;
  for (let j = 1; j < P; j++) A[j]![j]! += ridge * rows * (scale / K);
  const [intercept, ...coefficients] = solve(A, b);
  return { intercept: intercept!, coefficients };
}

/**
 * Applies a stack to member forecasts.
 *
 * @param stack the fitted stack
 * @param members one forecast array per member
 * @returns the stacked forecasts (NaN where a member is NaN)
 * @example Usage
 * ```ts
 * import { applyStack } from "@chronos-deno/chronos-deno/ensemble";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual([...applyStack({ intercept: 1, coefficients: [2] }, [[1, 2]])], [3, 5]);
 * ```
 */
export function applyStack(
  stack: LinearStack,
  members: readonly ArrayLike<number>[],
): Float64Array {
  const n = members[0]?.length ?? 0;
  const out = new Float64Array(n).fill(stack.intercept);
  members.forEach((m, j) => {
    for (let i = 0; i < n; i++) out[i]! += stack.coefficients[j]! * m[i]!;
  });
  return out;
}
