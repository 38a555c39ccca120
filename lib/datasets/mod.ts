/**
 * Dataset specs: the only place in the library that names a dataset. The UCI
 * steel file is the first: its columns, its covariates (which are known in
 * advance), its download and its local copy.
 *
 * @example Usage
 * ```ts
 * import { STEEL_COVARIATES } from "./mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(STEEL_COVARIATES.filter((c) => c.knownInAdvance).length, 4);
 * ```
 *
 * @module
 */

export * from "./steel.ts";
export * from "./steel_covariates.ts";
export * from "./steel_download.ts";
export * from "./steel_resolve.ts";
