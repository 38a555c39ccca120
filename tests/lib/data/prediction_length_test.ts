import assert from "node:assert/strict";
import { checkPredictionLength } from "../../../lib/data/prediction_length.ts";

Deno.test("checkPredictionLength() passes a positive integer and names a bad one", () => {
  assert.equal(checkPredictionLength(1), 1);
  assert.equal(checkPredictionLength(96), 96);
  for (const bad of [0, -2, 1.5, NaN, Infinity]) {
    assert.throws(
      () => checkPredictionLength(bad),
      new RegExp(`^RangeError: Prediction length must be a positive integer: got ${bad}$`),
    );
  }
});
