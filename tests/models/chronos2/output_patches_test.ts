import assert from "node:assert/strict";
import { outputPatches } from "../../../models/chronos2/output_patches.ts";

Deno.test("outputPatches() covers the horizon with whole patches", () => {
  assert.equal(outputPatches(1, 16), 1);
  assert.equal(outputPatches(16, 16), 1);
  assert.equal(outputPatches(17, 16), 2);
  assert.equal(outputPatches(96, 16), 6);
  assert.equal(outputPatches(5, 2), 3);
});

Deno.test("outputPatches() refuses a non-positive or fractional length", () => {
  assert.throws(() => outputPatches(0, 16), /Prediction length must be a positive integer: got 0/);
  assert.throws(() => outputPatches(1.5, 16), RangeError);
  assert.throws(() => outputPatches(4, 0), /Patch size must be a positive integer/);
});
