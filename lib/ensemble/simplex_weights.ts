/**
 * Weights of a weighted-average ensemble: non-negative, summing to one,
 * minimising the squared error of the combined forecast (least squares on
 * the probability simplex), solved by projected gradient descent with the
 * step 1/L (L the largest eigenvalue bound of the Gram matrix).
 *
 * @module
 */

/**
 * Projects a vector onto the probability simplex {w ≥ 0, Σw = 1}
 * (the sort-based algorithm of Held, Wolfe and Crowder).
 *
 * @param v the vector
 * @returns its Euclidean projection
 * @example Usage
 * ```ts
 * import { projectToSimplex } from "@chronos-deno/chronos-deno/ensemble";
 * import { deepEqual } from "node:assert/strict";
 * deepEqual(projectToSimplex([2, 0]), [1, 0]);
 * deepEqual(projectToSimplex([0.5, 0.5]), [0.5, 0.5]);
 * ```
 */
export function projectToSimplex(v: readonly number[]): number[] {
  const u = [...v].sort((a, b) => b - a);
  let sum = 0;
  let theta = 0;
  for (let i = 0; i < u.length; i++) {
    sum += u[i]!;
    const t = (sum - 1) / (i + 1);
    if (u[i]! - t > 0) theta = t;
  }
  return v.map((x) => Math.max(0, x - theta));
}

/**
 * Fits simplex weights for member forecasts against actuals, skipping rows
 * where the actual or any member is not finite.
 *
 * @param members one forecast array per member, all of the actuals' length
 * @param actual the actuals
 * @param iterations gradient steps. @default 5000
 * @returns one weight per member, non-negative, summing to 1
 * @throws {RangeError} when there are no members, lengths differ, or no row is usable
 * @example Usage
 * ```ts
 * import { simplexWeights } from "@chronos-deno/chronos-deno/ensemble";
 * import { ok } from "node:assert/strict";
 * const w = simplexWeights([[1, 2, 3], [0, 0, 0]], [1, 2, 3]);
 * ok(w[0]! > 0.999);
 * ```
 */
export function simplexWeights(
  members: readonly ArrayLike<number>[],
  actual: ArrayLike<number>,
  iterations = 5000,
): number[] {
  const K = members.length;
  if (K === 0) {
    throw new RangeError("Cannot fit ensemble weights without members: give at least one");
  }
  const n = actual.length;
  for (const m of members) {
    if (m.length !== n) {
      throw new RangeError(
        `Cannot fit ensemble weights: a member has ${m.length} forecasts for ${n} actuals`,
      );
    }
  }
  // Gram matrix G = XᵀX and b = Xᵀy over usable rows; the loss is wᵀGw − 2bᵀw + const.
  const G = Array.from({ length: K }, () => new Float64Array(K));
  const b = new Float64Array(K);
  let rows = 0;
  for (let i = 0; i < n; i++) {
    const y = actual[i]!;
    if (!Number.isFinite(y) || members.some((m) => !Number.isFinite(m[i]!))) continue;
    rows++;
    for (let j = 0; j < K; j++) {
      const xj = members[j]![i]!;
      b[j]! += xj * y;
      for (let k = 0; k < K; k++) G[j]![k]! += xj * members[k]![i]!;
    }
  }
  if (rows === 0) {
    throw new RangeError("Cannot fit ensemble weights: no row has an actual and every forecast");
  }
  let L = 0;
  for (let j = 0; j < K; j++) L = Math.max(L, G[j]!.reduce((a, x) => a + Math.abs(x), 0));
  let w = new Array<number>(K).fill(1 / K);
  if (L === 0) return w;
  for (let it = 0; it < iterations; it++) {
    const grad = w.map((_, j) => {
      let g = -b[j]!;
      for (let k = 0; k < K; k++) g += G[j]![k]! * w[k]!;
      return g;
    });
    const next = projectToSimplex(w.map((x, j) => x - grad[j]! / L));
    const moved = next.reduce((a, x, j) => a + Math.abs(x - w[j]!), 0);
    w = next;
    if (moved < 1e-12) break;
  }
  return w;
}
