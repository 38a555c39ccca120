/**
 * Dataset specs: the only place in the library that names a dataset. A
 * `DatasetSpec` says what a file's columns mean (target, timestamps, which
 * covariates are known in advance), its frequency and seasonal periods, the
 * column that segments errors, the default experiment names, and how the file
 * is found and loaded. The UCI steel file is the first (`STEEL_SPEC`); a
 * user's CSV gets one from `csvDatasetSpec`.
 *
 * @example Usage
 * ```ts
 * import { STEEL_SPEC } from "@chronos-deno/chronos-deno/datasets";
 * import assert from "node:assert/strict";
 * assert.equal(STEEL_SPEC.covariates.filter((c) => c.knownInAdvance).length, 4);
 * ```
 *
 * @module
 */

export * from "./csv_spec.ts";
export * from "./spec.ts";
export * from "./steel.ts";
export * from "./steel_covariates.ts";
export * from "./steel_download.ts";
export * from "./steel_resolve.ts";
export * from "./steel_spec.ts";
