/**
 * chronos-deno: forecast industrial energy use with Amazon's Chronos-2 from
 * Deno. Chronos-2 runs as an ONNX graph built in TypeScript (same numbers as
 * the official PyTorch pipeline), evaluated zero-shot or fine-tuned through
 * training graphs executed by ONNX Runtime, with WGSL kernels for window
 * tensorization and metric reduction, MLflow tracking and HTML reports.
 *
 * @example Usage
 * ```ts
 * import { chronologicalSplits, loadChronos2, scoreForecasts } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const pipeline = await loadChronos2("tests/fixtures/chronos2-tiny");
 * const history = Float32Array.from({ length: 96 }, (_, t) => 10 + Math.sin(t / 4));
 * const [forecast] = await pipeline.predict([history], { predictionLength: 4 });
 * assert.equal(forecast!.shape.join("x"), "1x21x4");
 *
 * const splits = chronologicalSplits(35040);
 * assert.deepEqual(splits.test, { start: 29784, end: 35040 });
 * const m = scoreForecasts({ actual: [1, 2, 3], point: [1, 2, 4] });
 * assert.ok(Math.abs(m.mae - 1 / 3) < 1e-12);
 * ```
 *
 * @module
 */

export * from "./lib/errors.ts";
export {
  DEFAULTS,
  FINETUNE_DEFAULTS,
  type FinetuneDefaults,
  type ForecastDefaults,
} from "./lib/defaults.ts";
export * from "./lib/results/schema.ts";
export * from "./lib/data/mod.ts";
export * from "./lib/datasets/mod.ts";
export * from "./lib/metrics/mod.ts";
export * from "./lib/baselines/mod.ts";
export * from "./lib/evaluate/mod.ts";
export * from "./lib/tracking/mod.ts";
export * from "./lib/report/mod.ts";
export * from "./lib/onnx/mod.ts";
export * from "./lib/runtime/mod.ts";
export * from "./lib/autodiff/mod.ts";
export * from "./lib/optim/mod.ts";
export * from "./lib/gpu/mod.ts";
export * from "./kernels/mod.ts";
export * from "./models/chronos2/mod.ts";
export { ProgressBar } from "./lib/cli/progress_bar.ts";
export { formatTable, type FormatTableOptions } from "./lib/cli/format_table.ts";
