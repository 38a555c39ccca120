/**
 * The one owner of test assertions. JSR's `@std/assert` cannot be reached from
 * this environment, so tests import `node:assert/strict` through this file;
 * moving to `jsr:@std/assert` later changes only this file.
 *
 * @module
 */

export {
  deepEqual as assertEquals,
  equal as assertStrictEquals,
  match as assertMatch,
  notEqual as assertNotEquals,
  ok as assert,
  rejects as assertRejects,
  throws as assertThrows,
} from "node:assert/strict";
