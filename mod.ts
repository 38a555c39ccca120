/**
 * chronos-deno: forecast with Amazon's Chronos-2 from Deno. Chronos-2 runs as
 * an ONNX graph built in TypeScript (same numbers as the official PyTorch
 * pipeline), can be evaluated on rolling origins beside baselines, fine-tuned
 * (full or LoRA) through training graphs executed by ONNX Runtime, tracked in
 * MLflow and compared in reports.
 *
 * This module keeps the names a user starts from: load a model, predict
 * (arrays, task dicts, polars frames, CSV files), evaluate, fine-tune, track
 * and compare. Everything else sits behind a subpath: `./chronos2` (the whole
 * model: config, weights, graph, pipeline), `./train`, `./onnx`,
 * `./autodiff`, `./optim`, `./kernels`, `./gpu`, `./runtime`, `./data`,
 * `./datasets`, `./evaluate`, `./baselines`, `./metrics`, `./results`,
 * `./tracking`, `./report`, `./distributed`, `./serve`, `./gbdt`, `./ensemble`.
 *
 * @example Usage
 * ```ts
 * import { chronologicalSplits, loadChronos2 } from "@chronos-deno/chronos-deno";
 * import assert from "node:assert/strict";
 *
 * const pipeline = await loadChronos2("tests/fixtures/chronos2-tiny");
 * const history = Float32Array.from({ length: 96 }, (_, t) => 10 + Math.sin(t / 4));
 * const { quantiles, mean } = await pipeline.predictQuantiles([history], {
 *   predictionLength: 4,
 *   quantileLevels: [0.1, 0.5, 0.9],
 * });
 * assert.deepEqual(quantiles[0]!.shape, [1, 4, 3]);
 * assert.deepEqual(mean[0]!.shape, [1, 4]);
 * await pipeline.release();
 *
 * assert.deepEqual(chronologicalSplits(35040).test, { start: 29784, end: 35040 });
 * ```
 *
 * @module
 */

// Defaults, device, errors
export {
  DEFAULTS,
  FINETUNE_DEFAULTS,
  type FinetuneDefaults,
  type ForecastDefaults,
} from "./lib/defaults.ts";
export { type Device, DEVICES } from "./lib/gpu/select.ts";
export {
  type DataProblem,
  DataValidationError,
  DownloadError,
  type FeedSummary,
  GpuUnavailableError,
  MlflowRequestError,
  ModelFormatError,
  OrtRunError,
  ShapeError,
} from "./lib/errors.ts";

// Load a model
export { loadChronos2, type LoadOptions } from "./models/chronos2/load.ts";
export type { ExecutionProvider, SessionOptions } from "./lib/runtime/session.ts";
export {
  type LocateOptions,
  type ModelLocation,
  openChronos2,
  type OpenChronos2Options,
  type OpenedChronos2,
} from "./models/chronos2/open.ts";
export { downloadModel, type DownloadOptions } from "./models/chronos2/hub.ts";
export type { Chronos2Config, Chronos2ForecastingConfig } from "./models/chronos2/config.ts";

// Predict
export { Chronos2Pipeline } from "./models/chronos2/pipeline.ts";
export type {
  ForecastTensor,
  PredictOptions,
  PredictQuantilesOptions,
  QuantileForecasts,
} from "./models/chronos2/predict_types.ts";
export type * from "./models/chronos2/inputs.ts";
export type { ForwardInput, ForwardRunner } from "./models/chronos2/rollout.ts";
export type { ColumnRecord, DataFrameOptions, FrameLike } from "./models/chronos2/data_frame.ts";
export type { PolarsDataFrame } from "./lib/data/polars.ts";
export type { SeriesBatch } from "./lib/data/series_batch.ts";
export {
  forecastCsv,
  type ForecastCsvOptions,
  type ForecastRow,
} from "./models/chronos2/tasks/forecast_csv.ts";

// Data
export type * from "./lib/data/types.ts";
export { type CsvSeriesOptions, loadCsvSeries } from "./lib/data/csv_series.ts";
export { chronologicalSplits, type SplitFractions } from "./lib/data/splits.ts";
export type {
  CovariateSpec,
  DataOrigin,
  DatasetSpec,
  ExperimentNames,
  LoadDataOptions,
  ResolveDataOptions,
  TimestampSpec,
} from "./lib/datasets/spec.ts";
export { type CsvDatasetOptions, csvDatasetSpec } from "./lib/datasets/csv_spec.ts";
export { STEEL_SPEC } from "./lib/datasets/steel_spec.ts";

// Evaluate
export type * from "./lib/evaluate/forecaster.ts";
export {
  evaluateForecasters,
  type EvaluateForecastersOptions,
  type ForecasterEvaluation,
} from "./lib/evaluate/evaluate_forecasters.ts";
export type {
  BatchModel,
  ForecastWindowsOptions,
  GatheredBatch,
  GatherFn,
  GatherInput,
  InterpolateFn,
  WindowForecasts,
} from "./lib/evaluate/forecast_windows.ts";
export type { HistoryForecaster } from "./lib/evaluate/history_forecaster.ts";
export { type BaselinePeriods, standardBaselines } from "./lib/baselines/standard.ts";
export type { Scorer } from "./lib/metrics/score.ts";
export type { KernelChoice } from "./lib/gpu/choose_kernel.ts";
export type { CovariateMode, WindowRows } from "./lib/evaluate/covariate_rows.ts";
export type {
  EvaluationPlan,
  ZeroShotModel,
  ZeroShotOptions,
  ZeroShotOutcome,
  ZeroShotTrackedRun,
  ZeroShotTracker,
} from "./lib/evaluate/zero_shot.ts";
export {
  runZeroShotTask,
  type ZeroShotTaskOptions,
  type ZeroShotTaskOutcome,
} from "./models/chronos2/tasks/zero_shot.ts";

// Fine-tune
export {
  type Batch,
  type DataSource,
  fit,
  type FitOptions,
  type FitResult,
  type ParamSpec,
  type TrainingBackend,
} from "./lib/optim/fit.ts";
export type * from "./lib/optim/trainer_state.ts";
export type { AdamWHyper, OptimizerBackend, OptimizerState } from "./lib/optim/adam_w.ts";
export type { Rng, RngState } from "./lib/optim/rng.ts";
export {
  type FinetuneOptions,
  type FinetuneOutcome,
  type FinetuneTaskOptions,
  runFinetune,
  runFinetuneTask,
} from "./models/chronos2/tasks/finetune.ts";
export type { FinetuneTracker } from "./models/chronos2/tasks/finetune_run.ts";
export type { LoraOptions } from "./models/chronos2/train/lora.ts";

// Track
export { createTracker, type CreateTrackerOptions } from "./lib/tracking/tracker.ts";
export type { RestTrackerOptions } from "./lib/tracking/rest_tracker.ts";
export type { MlflowClientOptions } from "./lib/tracking/_client_options.ts";
export type {
  DatasetInput,
  EndStatus,
  LogMetricsOptions,
  MetricPoint,
  ResumeRunOptions,
  RunStatus,
  RunSummary,
  StartRunOptions,
  StoreKind,
  TrackedRun,
  Tracker,
} from "./lib/tracking/types.ts";

// Compare
export type {
  EvaluationResults,
  MetricSet,
  ModelResult,
  TrainingPoint,
} from "./lib/results/schema.ts";
export { RESULTS_SCHEMA } from "./lib/results/schema.ts";
export { type LoadedResults, loadResults } from "./lib/results/read.ts";
export {
  type ComparedModel,
  compareResults,
  type Comparison,
  type ComparisonOptions,
  type ComparisonRow,
  type ResultsSource,
  type TrainingCurve,
} from "./lib/report/comparison.ts";
export type { ReportChartOptions } from "./lib/report/charts.ts";
export type { ColumnKey } from "./lib/report/columns.ts";
export {
  writeComparisonReport,
  type WriteReportOptions,
  type WrittenReport,
} from "./lib/report/write_report.ts";
