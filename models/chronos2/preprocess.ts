/**
 * Input adapters: every accepted input form becomes a list of
 * {@link PreparedInput} (one per task), the TypeScript counterpart of the
 * official `chronos.chronos2.preprocess.from_*` functions. Rows of a task are
 * ordered targets, past-only covariates, known-future covariates (names sorted
 * within each class).
 *
 * @module
 */

import { type DataProblem, DataValidationError } from "../../lib/errors.ts";
import { fromTasks, isSeries, toF32 } from "./preprocess_tasks.ts";
import { checkPredictionLength } from "../../lib/data/prediction_length.ts";
import type {
  Chronos2Inputs,
  NumericSeries,
  PreparedInput,
  PrepareOptions,
  TaskInput,
  Tensor3Input,
} from "./inputs.ts";

export type {
  Chronos2Inputs,
  CovariateValues,
  NumericSeries,
  PreparedInput,
  PrepareOptions,
  TaskInput,
  Tensor3Input,
} from "./inputs.ts";

/**
 * Converts any accepted input into prepared tasks, validating it.
 *
 * @param inputs a 3-D tensor, a list of 1-D/2-D series, a list of task dicts, or prepared tasks
 * @param predictionLength steps to forecast (future covariates must have this length)
 * @param options categorical encoding and known-covariate options
 * @returns one prepared input per task
 * @throws {RangeError} when `predictionLength` is not a positive integer
 * @throws {DataValidationError} listing every problem (empty or all-NaN targets, infinite values, length mismatches, unknown future covariates)
 * @example Usage
 * ```ts
 * import { prepareInputs } from "@chronos-deno/chronos-deno/chronos2";
 * const [task] = prepareInputs([[1, 2, 3]], 4);
 * if (task!.rows !== 1 || task!.futureCovariates.length !== 4) throw new Error();
 * ```
 */
export function prepareInputs(
  inputs: Chronos2Inputs,
  predictionLength: number,
  options: PrepareOptions = {},
): PreparedInput[] {
  checkPredictionLength(predictionLength);
  let prepared: PreparedInput[];
  if (!Array.isArray(inputs)) {
    prepared = fromTensor3(inputs as Tensor3Input, predictionLength);
  } else if (inputs.length === 0) {
    throw new DataValidationError("inputs", [{ kind: "empty", message: "no series were given" }]);
  } else if (typeof inputs[0] === "object" && inputs[0] !== null && "context" in inputs[0]) {
    prepared = (inputs as PreparedInput[]).map((p) => ({ ...p }));
  } else if (typeof inputs[0] === "object" && inputs[0] !== null && "target" in inputs[0]) {
    prepared = fromTasks(inputs as TaskInput[], predictionLength, options);
  } else {
    prepared = fromSeriesList(inputs as (NumericSeries | NumericSeries[])[], predictionLength);
  }
  validatePrepared(prepared, predictionLength);
  return prepared;
}

function fromTensor3(t: Tensor3Input, predictionLength: number): PreparedInput[] {
  if (!t || !Array.isArray(t.shape) || t.shape.length !== 3) {
    throw new TypeError(
      `Expected a 3-d input [tasks, variates, length]: got shape ${JSON.stringify(t?.shape)}`,
    );
  }
  const [n, v, len] = t.shape;
  if (t.data.length !== n * v * len) {
    throw new TypeError(
      `Input data has ${t.data.length} values, shape [${t.shape}] needs ${n * v * len}`,
    );
  }
  const out: PreparedInput[] = [];
  for (let i = 0; i < n; i++) {
    const context = Float32Array.from({ length: v * len }, (_, k) => t.data[i * v * len + k]!);
    out.push(simpleTask(context, v, len, predictionLength));
  }
  return out;
}

function simpleTask(
  context: Float32Array,
  rows: number,
  length: number,
  predictionLength: number,
): PreparedInput {
  return {
    context,
    rows,
    length,
    futureCovariates: new Float32Array(rows * predictionLength).fill(NaN),
    nTargets: rows,
    nCovariates: 0,
    nFutureCovariates: 0,
  };
}

function fromSeriesList(
  list: (NumericSeries | NumericSeries[])[],
  predictionLength: number,
): PreparedInput[] {
  const problems: DataProblem[] = [];
  const out: PreparedInput[] = [];
  list.forEach((item, idx) => {
    if (isSeries(item)) {
      out.push(simpleTask(toF32(item), 1, item.length, predictionLength));
    } else if (Array.isArray(item) && item.every(isSeries)) {
      const len = item[0]?.length ?? 0;
      if (!item.every((r) => r.length === len)) {
        problems.push({
          kind: "other",
          message: `series ${idx}: its variates have different lengths`,
        });
        return;
      }
      const ctx = new Float32Array(item.length * len);
      item.forEach((r, j) => ctx.set(toF32(r), j * len));
      out.push(simpleTask(ctx, item.length, len, predictionLength));
    } else {
      problems.push({
        kind: "other",
        message: `series ${idx}: expected a 1-d or 2-d array of numbers`,
      });
    }
  });
  if (problems.length) throw new DataValidationError("inputs", problems);
  return out;
}

function validatePrepared(prepared: PreparedInput[], predictionLength: number): void {
  const problems: DataProblem[] = [];
  prepared.forEach((p, idx) => {
    if (p.length === 0 || p.rows === 0) {
      problems.push({ kind: "empty", message: `task ${idx}: the series is empty` });
      return;
    }
    if (p.context.length !== p.rows * p.length) {
      problems.push({
        kind: "other",
        message:
          `task ${idx}: context has ${p.context.length} values, ${p.rows} rows × ${p.length} need ${
            p.rows * p.length
          }`,
      });
      return;
    }
    for (let r = 0; r < p.rows; r++) {
      const row = p.context.subarray(r * p.length, (r + 1) * p.length);
      const what = r < p.nTargets ? `target ${r}` : `covariate row ${r - p.nTargets}`;
      if (row.some((v) => v === Infinity || v === -Infinity)) {
        problems.push({
          kind: "bad-number",
          message:
            `task ${idx}: ${what} contains infinite values; replace them with NaN (missing) or finite numbers`,
        });
      }
      if (r < p.nTargets && row.every((v) => Number.isNaN(v))) {
        problems.push({
          kind: "empty",
          message: `task ${idx}: ${what} has no observed values (all NaN)`,
        });
      }
    }
    if (p.futureCovariates.length !== p.rows * predictionLength) {
      problems.push({
        kind: "other",
        message:
          `task ${idx}: future covariates have ${p.futureCovariates.length} values, ${p.rows} rows × prediction length ${predictionLength} need ${
            p.rows * predictionLength
          }`,
      });
    }
    if (p.futureCovariates.some((v) => v === Infinity || v === -Infinity)) {
      problems.push({
        kind: "bad-number",
        message: `task ${idx}: future covariates contain infinite values`,
      });
    }
  });
  if (problems.length) throw new DataValidationError("inputs", problems);
}
