import assert from "node:assert/strict";
import { DEFAULTS, FINETUNE_DEFAULTS } from "../../lib/defaults.ts";

Deno.test("DEFAULTS are the original project's run defaults", () => {
  assert.equal(DEFAULTS.contextLength, 512);
  assert.equal(DEFAULTS.predictionLength, 1);
  assert.equal(DEFAULTS.batchSize, 512);
  assert.equal(DEFAULTS.maxPredictions, 10);
  assert.deepEqual([...DEFAULTS.quantileLevels], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
});

Deno.test("FINETUNE_DEFAULTS are the original project's fine-tuning defaults", () => {
  assert.equal(FINETUNE_DEFAULTS.learningRate, 1e-5);
  assert.equal(FINETUNE_DEFAULTS.batchSize, 8);
  assert.equal(FINETUNE_DEFAULTS.gradientAccumulationSteps, 4);
  assert.deepEqual({ ...FINETUNE_DEFAULTS.lora }, { rank: 8, alpha: 16 });
});

Deno.test("DEFAULTS cannot be changed by a caller", () => {
  assert.throws(() => {
    (DEFAULTS as { contextLength: number }).contextLength = 1;
  }, TypeError);
  assert.throws(() => (DEFAULTS.quantileLevels as number[]).push(0.95), TypeError);
});
