/**
 * The input types of Chronos-2's pipeline: the forms `predict` accepts
 * (series, task dicts, a 3-D tensor) and the prepared task every form becomes.
 * In a file of their own so that the adapters, batching and the pipeline all
 * read them without importing one another.
 *
 * @module
 */

/** A numeric series: numbers (null = missing) or a typed array (NaN = missing). */
export type NumericSeries = ArrayLike<number | null>;

/** Covariate values: numeric, or categorical (strings / booleans; null = missing). */
export type CovariateValues = NumericSeries | readonly (string | boolean | null)[];

/** One task given as a dict, like the official list-of-dicts input. */
export interface TaskInput {
  /** One target (1-D) or several (2-D, one row per variate). */
  target: NumericSeries | readonly NumericSeries[];
  /** Past values of every covariate (past-only and known-future), each as long as the target. */
  pastCovariates?: Record<string, CovariateValues>;
  /** Future values of known-future covariates (`predictionLength` long); null = known but unavailable. */
  futureCovariates?: Record<string, CovariateValues | null>;
}

/** A 3-D tensor input [tasks, variates, length] (all variates are targets). */
export interface Tensor3Input {
  /** [n_tasks, n_variates, length]. */
  shape: readonly [number, number, number];
  /** Row-major values, NaN = missing. */
  data: ArrayLike<number>;
}

/** One prepared task: the context rows and their future covariates. */
export interface PreparedInput {
  /** [rows, length] row-major float32, NaN = missing. */
  context: Float32Array;
  /** Rows (targets + covariates). */
  rows: number;
  /** History length. */
  length: number;
  /** [rows, predictionLength], NaN where unknown (targets, past-only covariates). */
  futureCovariates: Float32Array;
  /** Number of target rows (the first rows). */
  nTargets: number;
  /** Number of covariate rows. */
  nCovariates: number;
  /** Number of known-future covariate rows (the last rows). */
  nFutureCovariates: number;
}

/** Everything `predict` accepts. */
export type Chronos2Inputs =
  | Tensor3Input
  | readonly (NumericSeries | readonly NumericSeries[])[]
  | readonly TaskInput[]
  | readonly PreparedInput[];

/** Options of {@link prepareInputs}. */
export interface PrepareOptions {
  /** Known-future covariates whose future values are not available (NaN-filled). */
  knownCovariatesNames?: string[];
  /** Target-encode categoricals when there is one target. @default true */
  useTargetEncoding?: boolean;
}
