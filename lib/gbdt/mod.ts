/**
 * The gradient-boosted baseline: typed bindings to the XGBoost C library
 * (Deno FFI), features from the past only, training with early stopping,
 * validation-residual quantiles, the ONNX export of the trees, the model
 * folder, the {@linkcode gbdtForecaster} for lib/evaluate, and the task flow
 * behind `deno task gbdt`.
 *
 * @example Usage
 * ```ts
 * import { Booster, boosterToOnnx, DMatrix } from "@chronos-deno/chronos-deno/gbdt";
 * import { equal } from "node:assert/strict";
 * using d = DMatrix.fromDense(new Float32Array([0, 1, 2, 3]), 4, 1, { label: [0, 1, 2, 3] });
 * using b = Booster.create([d], { nthread: 1 });
 * b.updateOneIter(0, d);
 * equal(boosterToOnnx(b.saveModelJson()).outputs[0]!.name, "prediction");
 * ```
 *
 * @module
 */

export * from "./booster.ts";
export * from "./dmatrix.ts";
export * from "./features.ts";
export * from "./gbdt_folder.ts";
export * from "./gbdt_forecaster.ts";
export * from "./gbdt_model.ts";
export * from "./onnx_export.ts";
export * from "./residual_quantiles.ts";
export * from "./run_gbdt.ts";
export * from "./served_gbdt.ts";
export * from "./train_booster.ts";
export * from "./xgboost_errors.ts";
export * from "./xgboost_library.ts";
