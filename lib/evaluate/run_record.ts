/**
 * What a zero-shot evaluation records in experiment tracking: params, metrics
 * and tags derived from its results, following the original project's names.
 *
 * @module
 */

import type { EvaluationResults, MetricSet, ModelResult } from "../results/schema.ts";
import { runParams, type RunSettings } from "../tracking/vocabulary.ts";

/** Setup facts that are not in the results' config. */
export interface ZeroShotRunInfo {
  /** Model id (hub id or folder). */
  modelId: string;
  /** Model revision (hub commit or "local"). */
  modelRevision?: string;
  /** Series rows per model call. */
  batchSize: number;
  /** The --max-predictions value (0 = every origin). */
  maxPredictions: number;
  /** Step between candidate origins. */
  stride: number;
  /** The --device value. */
  device: string;
  /** ONNX Runtime execution provider actually used. */
  executionProvider: string;
  /** Why that provider was chosen. */
  executionProviderReason?: string;
  /** Window kernel path ("cpu" or "webgpu"). */
  windowKernel?: string;
  /** Metric kernel path ("cpu" or "webgpu"). */
  metricKernel?: string;
}

/** Metric keys logged per model, in order. */
export const RUN_METRIC_KEYS: readonly (keyof MetricSet)[] = [
  "rmse",
  "mae",
  "r2",
  "mape",
  "wape",
  "smape",
  "mase",
  "wql",
  "coverage",
];

/**
 * The settings of a zero-shot run, in lib/tracking's vocabulary.
 *
 * @param results the evaluation results
 * @param info model, batch, device and provider facts
 * @returns the settings (`runParams` names them)
 * @example Usage
 * ```ts
 * import { zeroShotSettings } from "@chronos-deno/chronos-deno/evaluate";
 * import { equal } from "node:assert/strict";
 * const s = zeroShotSettings({ config: { split: "test", contextLength: 512, predictionLength: 1,
 *   covariates: "none", quantileLevels: [0.5], data: "d.csv" }, origins: [1] } as never,
 *   { modelId: "m", batchSize: 512, maxPredictions: 10, stride: 1, device: "auto",
 *     executionProvider: "cpu" });
 * equal(s.contextLength, 512);
 * ```
 */
export function zeroShotSettings(
  results: Pick<EvaluationResults, "config" | "origins">,
  info: ZeroShotRunInfo,
): RunSettings {
  const c = results.config;
  return {
    model: info.modelId,
    modelRevision: info.modelRevision ?? "unknown",
    data: c.data,
    split: c.split,
    contextLength: c.contextLength,
    predictionLength: c.predictionLength,
    covariates: c.covariates,
    batchSize: info.batchSize,
    device: info.device,
    executionProvider: info.executionProvider,
    quantileLevels: c.quantileLevels,
    maxPredictions: info.maxPredictions,
    numPredictions: results.origins.length,
    stride: info.stride,
    ...(info.windowKernel ? { windowKernel: info.windowKernel } : {}),
    ...(info.metricKernel ? { metricKernel: info.metricKernel } : {}),
  };
}

/**
 * The params of a zero-shot run: {@linkcode zeroShotSettings} under their
 * vocabulary keys (`model`, `context_length`, `batch_size`, …).
 *
 * @param results the evaluation results
 * @param info model, batch, device and provider facts
 * @returns param name → value
 * @example Usage
 * ```ts
 * import { zeroShotParams } from "@chronos-deno/chronos-deno/evaluate";
 * import { equal } from "node:assert/strict";
 * const p = zeroShotParams({ config: { split: "test", contextLength: 512, predictionLength: 1,
 *   covariates: "none", quantileLevels: [0.5], data: "d.csv" }, origins: [1] } as never,
 *   { modelId: "m", batchSize: 512, maxPredictions: 10, stride: 1, device: "auto",
 *     executionProvider: "cpu" });
 * equal(p.context_length, 512);
 * ```
 */
export function zeroShotParams(
  results: Pick<EvaluationResults, "config" | "origins">,
  info: ZeroShotRunInfo,
): Record<string, string | number | boolean> {
  return runParams(zeroShotSettings(results, info));
}

/**
 * The metrics of an evaluation run: the main model's metrics (the first model
 * of kind `primary`) under their plain names plus `windows_per_second`, and
 * every other model's under `<name>_<metric>` (e.g. `persistence_rmse`,
 * `chronos_2_zero_shot_rmse`). Non-finite values are kept (the tracker writes
 * them as MLflow does).
 *
 * @param results the evaluation results
 * @param primary which model kind is the run's subject
 * @returns metric name → value
 * @example Usage
 * ```ts
 * import { evaluationMetrics } from "@chronos-deno/chronos-deno/evaluate";
 * import { equal } from "node:assert/strict";
 * const metrics = { n: 1, rmse: 2, mae: 2, r2: 0, mape: 1, mapeSkipped: 0, wape: 1, smape: 1,
 *   mase: 1, wql: 1, coverage: 1 };
 * const m = evaluationMetrics({ models: [{ name: "chronos-2", kind: "zero-shot", metrics,
 *   point: [], timing: { seconds: 1, windowsPerSecond: 9 } }] } as never);
 * equal(m.windows_per_second, 9);
 * ```
 */
export function evaluationMetrics(
  results: Pick<EvaluationResults, "models">,
  primary: ModelResult["kind"] = "zero-shot",
): Record<string, number> {
  const out: Record<string, number> = {};
  const main = results.models.find((m) => m.kind === primary);
  for (const model of results.models) {
    const prefix = model === main ? "" : `${metricKeyPart(model.name)}_`;
    for (const key of RUN_METRIC_KEYS) out[prefix + key] = model.metrics[key] as number;
    out[`${prefix}n`] = model.metrics.n;
    out[`${prefix}mape_skipped`] = model.metrics.mapeSkipped;
    if (model.timing) {
      out[`${prefix}windows_per_second`] = model.timing.windowsPerSecond;
      out[`${prefix}forecast_seconds`] = model.timing.seconds;
    }
  }
  return out;
}

/** Lower-case a model name into a metric key part: "daily naive" → "daily_naive". */
function metricKeyPart(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
}
