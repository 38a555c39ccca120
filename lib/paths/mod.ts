/**
 * Paths built from identifiers (repository ids, run ids, output names) that
 * must stay inside their folder.
 *
 * @example Usage
 * ```ts
 * import { checkPathSegment, pathInside } from "./mod.ts";
 * import assert from "node:assert/strict";
 * assert.equal(pathInside("out", checkPathSegment("run-1", "run id")), "out/run-1");
 * assert.throws(() => checkPathSegment("..", "run id"), RangeError);
 * ```
 *
 * @module
 */

export * from "./inside_folder.ts";
