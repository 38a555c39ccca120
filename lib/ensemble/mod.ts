/**
 * Ensembles of evaluated models: simplex weights (a weighted average), a
 * ridge linear stack, and the flow behind `deno task ensemble` (fit on the
 * validation results, evaluate on the test results).
 *
 * @example Usage
 * ```ts
 * import { applyStack, fitStack, simplexWeights } from "@chronos-deno/chronos-deno/ensemble";
 * import { ok } from "node:assert/strict";
 * const y = [1, 2, 3, 4];
 * ok(simplexWeights([y, [0, 0, 0, 0]], y)[0]! > 0.999);
 * ok(Math.abs(applyStack(fitStack([y], y), [y])[2]! - 3) < 1e-3);
 * ```
 *
 * @module
 */

export * from "./run_ensemble.ts";
export * from "./simplex_weights.ts";
export * from "./stacking.ts";
