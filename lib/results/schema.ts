/**
 * The results file that every evaluation writes (baselines, zero-shot,
 * fine-tuned) and that `deno task compare` reads. One schema for all of
 * them, so that runs on the same origins can be compared.
 *
 * @module
 */

/** Schema tag written into every results file. */
export const RESULTS_SCHEMA = "chronos-deno/results@1";

/** Point and probabilistic accuracy of one model over a set of windows. */
export interface MetricSet {
  /** Number of scored (non-NaN actual) points. */
  n: number;
  /** Root mean squared error (kWh). */
  rmse: number;
  /** Mean absolute error (kWh). */
  mae: number;
  /** Coefficient of determination. */
  r2: number;
  /** Mean absolute percentage error in % over non-zero actuals. */
  mape: number;
  /** How many zero actuals MAPE skipped. */
  mapeSkipped: number;
  /** Weighted absolute percentage error in % (Σ|e| / Σ|y|). */
  wape: number;
  /** Symmetric MAPE in %. */
  smape: number;
  /** Mean absolute scaled error (seasonal scale from the training part); NaN when unknown. */
  mase: number;
  /** Weighted quantile loss over the model's quantile levels; NaN for point forecasts. */
  wql: number;
  /** Share of actuals inside the central interval (e.g. 10–90 %); NaN for point forecasts. */
  coverage: number;
  /** Pinball loss per quantile level, keyed by the level as written (e.g. "0.1"). */
  pinball?: Record<string, number>;
}

/** Forecasts of one model for every origin of the evaluation. */
export interface ModelResult {
  /** Display name, e.g. "persistence", "chronos-2 zero-shot", "chronos-2 fine-tuned". */
  name: string;
  /** What produced it. */
  kind: "baseline" | "zero-shot" | "finetuned" | "gbdt" | "ensemble";
  /** Metrics over all origins and horizon steps. */
  metrics: MetricSet;
  /** Wall time and throughput of the forecasting itself. */
  timing?: { seconds: number; windowsPerSecond: number };
  /** Point forecast (median for Chronos-2) per origin: [origins][horizon]. */
  point: number[][];
  /** Quantile forecasts per origin: [origins][quantiles][horizon], levels in `quantileLevels`. */
  quantiles?: number[][][];
  /** Feature importance of a tree model: the kind (e.g. "total_gain") and the score per feature. */
  featureImportance?: { type: string; scores: Record<string, number> };
  /** Ensemble weights per member name (an intercept under "(intercept)"), when an ensemble. */
  weights?: Record<string, number>;
}

/** One training-curve point of a fine-tuning run. */
export interface TrainingPoint {
  /** Optimizer step (1-based). */
  step: number;
  /** Training loss of this step. */
  loss?: number;
  /** Validation loss, when validated at this step. */
  valLoss?: number;
  /** Learning rate used at this step. */
  learningRate?: number;
  /** Global gradient norm before clipping. */
  gradNorm?: number;
}

/** A results file. */
export interface EvaluationResults {
  /** Always `RESULTS_SCHEMA`. */
  schema: typeof RESULTS_SCHEMA;
  /** Which task wrote it. */
  task: "baselines" | "zero-shot" | "finetune" | "finetune-covariates" | "gbdt" | "ensemble";
  /** ISO time the file was written. */
  createdAt: string;
  /** The evaluation setup shared by all models in the file. */
  config: {
    /** Data file used. */
    data: string;
    /** Split evaluated. */
    split: "train" | "val" | "test";
    /** Context length in steps. */
    contextLength: number;
    /** Forecast horizon in steps. */
    predictionLength: number;
    /** Covariate mode. */
    covariates: "none" | "past" | "past+future";
    /** Quantile levels of `quantiles` arrays. */
    quantileLevels: number[];
    /** Anything else the task wants to record (batch size, device, …). */
    [key: string]: unknown;
  };
  /** Row index (in the full, regular series) of the first forecast step of each window. */
  origins: number[];
  /** ISO timestamp (end-labelled, in the data's zone) of the first forecast step of each window. */
  timestamps: string[];
  /** Actual values per origin: [origins][horizon] (NaN as null in JSON). */
  actuals: number[][];
  /**
   * The segment (the dataset spec's `segmentColumn`, e.g. a load type) at the first forecast
   * step of each origin, when the dataset has one. The key keeps its first name for the files
   * already written.
   */
  loadType?: string[];
  /** The models evaluated on these origins. */
  models: ModelResult[];
  /** Fine-tuning curve, when the file comes from a fine-tuning run. */
  training?: TrainingPoint[];
  /** Where things are: the saved model folder, the MLflow run id, … */
  links?: { modelPath?: string; runId?: string; experiment?: string };
}
