/**
 * Speed of the GBDT on the steel data: the feature rows of the training
 * split, one full training with early stopping (the train split, validation
 * RMSE each round), and the forecasts of the 5,256 test origins through
 * XGBoost and through ONNX Runtime (the exported tree ensemble). Uses the
 * real file when present, else a generated one with the same schema.
 *
 * Run: `npx deno bench --allow-all bench/lib/gbdt/gbdt_model_bench.ts`
 *
 * @module
 */

import { chronologicalSplits } from "../../../lib/data/splits.ts";
import { loadSteelData } from "../../../lib/datasets/steel.ts";
import { buildFeatures } from "../../../lib/gbdt/features.ts";
import { fitGbdt, forecastGbdt } from "../../../lib/gbdt/gbdt_model.ts";
import { boosterToOnnx } from "../../../lib/gbdt/onnx_export.ts";
import { serializeModel } from "../../../lib/onnx/serialize.ts";
import { createSession } from "../../../lib/runtime/session.ts";
import { steelCsvPath } from "../../../tests/_helpers/steel.ts";

const { path, real } = await steelCsvPath();
const label = real ? "real UCI file" : "generated file";
const data = await loadSteelData(path);
const splits = chronologicalSplits(data.target.length);
const levels = [0.1, 0.5, 0.9];
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
const test = range(splits.test.start, splits.test.end);
const model = fitGbdt(data, splits, { horizon: 1, levels });
const features = buildFeatures(data, test, { horizon: 1 });
const session = await createSession(serializeModel(boosterToOnnx(model.booster.saveModelJson())), {
  executionProvider: "cpu",
});

Deno.bench(`buildFeatures: train split, H = 1 (${label})`, () => {
  buildFeatures(data, range(1, splits.train.end), { horizon: 1 });
});

Deno.bench(`fitGbdt: train + early stopping on validation, H = 1 (${label})`, { n: 3 }, () => {
  fitGbdt(data, splits, { horizon: 1, levels }).booster.free();
});

Deno.bench(`forecastGbdt: 5,256 test origins through XGBoost (${label})`, {
  group: "predict",
  baseline: true,
}, () => {
  forecastGbdt(model, data, test);
});

Deno.bench(`ONNX Runtime: the exported trees on the same 5,256 rows (${label})`, {
  group: "predict",
}, async () => {
  await session.run({
    features: {
      dtype: "float32",
      dims: [features.rows, features.names.length],
      data: features.data,
    },
  });
});
