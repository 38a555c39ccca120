/**
 * Chronos-2 in TypeScript: config and weights, the ONNX forward graph, and
 * the forecasting pipeline (the official `predict`, `predict_quantiles` and
 * `predict_df` counterparts).
 *
 * ```ts
 * import { loadChronos2 } from "@chronos-deno/chronos-deno/chronos2";
 * const pipeline = await loadChronos2("tests/fixtures/chronos2-tiny");
 * const { quantiles } = await pipeline.predictQuantiles([[1, 2, 3, 4, 5, 6]], { predictionLength: 4 });
 * if (quantiles[0]!.shape.join() !== "1,4,9") throw new Error();
 * await pipeline.release();
 * ```
 *
 * @module
 */

export * from "./config.ts";
export * from "./weights.ts";
export * from "./weight_layout.ts";
export * from "./inputs.ts";
export * from "./preprocess.ts";
export * from "./batching.ts";
export * from "./quantiles.ts";
export * from "./output_patches.ts";
export * from "./rollout.ts";
export * from "./graph.ts";
export * from "./precision.ts";
export * from "./layers/weights.ts";
export * from "./layers/dropout.ts";
export * from "./onnx_runner.ts";
export * from "./reference_forward.ts";
export * from "./predict_types.ts";
export * from "./pipeline.ts";
export * from "./load.ts";
export * from "./open.ts";
export * from "./tasks/zero_shot.ts";
export * from "./tasks/distributed_zero_shot.ts";
export * from "./tasks/backtest_shard.ts";
export * from "./tasks/worker.ts";
export * from "./tasks/sweep.ts";
export * from "./tasks/sweep_trial.ts";
export * from "./convert.ts";
export * from "./data_frame.ts";
export * from "./hub.ts";
export * from "./tasks/forecast_csv.ts";
