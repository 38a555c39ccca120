/**
 * Loader for the L1/L2 training-loss fixture cases (recorded from the official
 * code with dropout off), shared by the fine-tuning tests.
 *
 * @module
 */

import type { TrainingSeries } from "../../../models/chronos2/train/windows.ts";
import { FIXTURE_DIR, loadCase } from "../../_helpers/fixtures.ts";

/** A tensor as the fixture files store it (`null` = NaN). */
export interface FixtureTensor {
  shape: number[];
  dtype: string;
  data: (number | null)[];
}

/** A dict task of the fixture inputs. */
export interface FixtureTask {
  target: number[];
  "past_covariates": Record<string, number[]>;
  "future_covariates": Record<string, null>;
}

/** The parts of an L case the tests use. */
export interface LossCase {
  inputs: (number[] | FixtureTask)[];
  "prediction_length": number;
  batch: {
    context: FixtureTensor;
    "future_target": FixtureTensor;
    "future_covariates": FixtureTensor;
    "group_ids": FixtureTensor;
    "num_output_patches": number;
  };
  loss: number;
  "quantile_preds": FixtureTensor;
  "grad_norm_total_l2": number;
  "grad_norm_per_parameter": Record<string, number>;
  "grads_small_tensors": Record<string, FixtureTensor>;
}

/** Names of the two loss cases. */
export const LOSS_CASES = ["L1_training_loss_univariate", "L2_training_loss_covariates"] as const;

/** The tiny fixture model folder. */
export const TINY_DIR: URL = new URL(`file://${FIXTURE_DIR}/`);

/**
 * Reads one L case.
 *
 * @param name case name without `.json`
 * @returns the parsed case
 */
export async function readLossCase(name: string): Promise<LossCase> {
  return (await loadCase(name)) as unknown as LossCase;
}

/**
 * Fixture data as numbers, `null` as NaN.
 *
 * @param t the tensor
 * @returns its data
 */
export function nanData(t: FixtureTensor): number[] {
  return t.data.map((v) => v === null ? NaN : v);
}

/**
 * A fixture input as a training task, rows in the official order: targets,
 * past-only covariates, known-future covariates.
 *
 * @param input the fixture input
 * @returns the task
 */
export function toSeries(input: LossCase["inputs"][number]): TrainingSeries {
  if (Array.isArray(input)) return { rows: [Float64Array.from(input)] };
  const future = Object.keys(input.future_covariates);
  const past = Object.keys(input["past_covariates"]).filter((k) => !future.includes(k));
  const rows = [
    input.target,
    ...past.map((k) => input["past_covariates"][k]!),
    ...future.map((k) => input["past_covariates"][k]!),
  ].map((r) => Float64Array.from(r, (v) => v ?? NaN));
  return { rows, nFutureCovariates: future.length };
}
