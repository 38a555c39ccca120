/**
 * The list-of-dicts adapter of {@link prepareInputs}: validation of the task
 * schema, row ordering (targets, past-only, known-future covariates; names
 * sorted) and categorical encoding.
 *
 * @module
 */

import { type DataProblem, DataValidationError } from "../../lib/errors.ts";
import { encodeCategorical } from "./categorical.ts";
import type {
  CovariateValues,
  NumericSeries,
  PreparedInput,
  PrepareOptions,
  TaskInput,
} from "./inputs.ts";

/** Whether `x` is a numeric series. */
export function isSeries(x: unknown): x is NumericSeries {
  return ArrayBuffer.isView(x) ||
    (Array.isArray(x) && x.every((v) => v === null || typeof v === "number"));
}

/** A series as float32 (null → NaN). */
export function toF32(x: NumericSeries): Float32Array {
  return Float32Array.from({ length: x.length }, (_, i) => x[i] ?? NaN);
}

function isCategorical(values: CovariateValues): boolean {
  if (ArrayBuffer.isView(values)) return false;
  return (values as unknown[]).some((v) => typeof v === "string" || typeof v === "boolean");
}

/** Prepares list-of-dicts tasks (see {@link prepareInputs}). */
export function fromTasks(
  tasks: TaskInput[],
  predictionLength: number,
  options: PrepareOptions,
): PreparedInput[] {
  const problems: DataProblem[] = [];
  const first = tasks[0]!;
  const firstTargets = targetRows(first.target);
  const pastKeys = Object.keys(first.pastCovariates ?? {}).sort();
  const futureKeys = Object.keys(first.futureCovariates ?? {}).sort();
  const unknownFuture = futureKeys.filter((k) => !pastKeys.includes(k));
  if (unknownFuture.length) {
    problems.push({
      kind: "other",
      message: `future covariates ${
        unknownFuture.map((k) => `"${k}"`).join(", ")
      } are not past covariates; give their past values in pastCovariates too`,
    });
  }
  const known = options.knownCovariatesNames;
  if (known) {
    const bad = known.filter((k) => !pastKeys.includes(k));
    if (bad.length) {
      problems.push({
        kind: "other",
        message: `known covariates ${bad.join(", ")} are not past covariates`,
      });
    }
    if (futureKeys.length) {
      problems.push({
        kind: "other",
        message: "give either knownCovariatesNames or futureCovariates, not both",
      });
    }
  }
  const unavailable = (v: CovariateValues | null | undefined) =>
    v === null || v === undefined || v.length === 0;
  tasks.forEach((t, idx) => {
    const rows = targetRows(t.target);
    if (!rows) {
      problems.push({
        kind: "other",
        message: `task ${idx}: target must be a 1-d or 2-d array of numbers`,
      });
      return;
    }
    if (rows.length !== firstTargets?.length) {
      problems.push({
        kind: "other",
        message:
          `task ${idx}: has ${rows.length} targets, task 0 has ${firstTargets?.length}; all tasks need the same schema`,
      });
    }
    const len = rows[0]!.length;
    const pk = Object.keys(t.pastCovariates ?? {}).sort();
    if (pk.join("\u0000") !== pastKeys.join("\u0000")) {
      problems.push({
        kind: "other",
        message: `task ${idx}: past covariates [${pk}] differ from task 0's [${pastKeys}]`,
      });
    }
    for (const [k, v] of Object.entries(t.pastCovariates ?? {})) {
      if (v.length !== len) {
        problems.push({
          kind: "other",
          column: k,
          message:
            `task ${idx}: past covariate "${k}" has ${v.length} values, the target has ${len}`,
        });
      }
    }
    const fk = Object.keys(t.futureCovariates ?? {}).sort();
    if (fk.join("\u0000") !== futureKeys.join("\u0000")) {
      problems.push({
        kind: "other",
        message: `task ${idx}: future covariates [${fk}] differ from task 0's [${futureKeys}]`,
      });
    }
    for (const [k, v] of Object.entries(t.futureCovariates ?? {})) {
      if (unavailable(v) !== unavailable(first.futureCovariates?.[k])) {
        problems.push({
          kind: "other",
          column: k,
          message:
            `task ${idx}: future covariate "${k}" is given in some tasks and unavailable in others`,
        });
      } else if (!unavailable(v) && v!.length !== predictionLength) {
        problems.push({
          kind: "other",
          column: k,
          message: `task ${idx}: future covariate "${k}" has ${
            v!.length
          } values, the prediction length is ${predictionLength}`,
        });
      }
    }
  });
  if (problems.length) throw new DataValidationError("inputs", problems);

  const nTargets = firstTargets!.length;
  const lengths = tasks.map((t) => targetRows(t.target)![0]!.length);
  const knownCols = known ?? futureKeys;
  const ordered = [
    ...pastKeys.filter((k) => !knownCols.includes(k)),
    ...pastKeys.filter((k) => knownCols.includes(k)),
  ];
  const targetEncode = (options.useTargetEncoding ?? true) && nTargets === 1;
  const stackedTarget = new Float32Array(lengths.reduce((a, b) => a + b, 0));
  let off = 0;
  tasks.forEach((t, i) => {
    stackedTarget.set(toF32(targetRows(t.target)![0]!), off);
    off += lengths[i]!;
  });
  const encodedPast: Float32Array[] = [];
  const encodedFuture: (Float32Array | undefined)[] = [];
  for (const key of ordered) {
    const pastVals = tasks.map((t) => t.pastCovariates![key]!);
    const futVals = known
      ? undefined
      : unavailable(first.futureCovariates?.[key])
      ? undefined
      : tasks.map((t) => t.futureCovariates![key]!);
    if (pastVals.some(isCategorical)) {
      const enc = encodeCategorical(
        {
          past: pastVals.flatMap(asCategories),
          ...(futVals ? { future: futVals.flatMap(asCategories) } : {}),
        },
        lengths,
        predictionLength,
        stackedTarget,
        targetEncode,
      );
      encodedPast.push(enc.past);
      encodedFuture.push(enc.future);
    } else {
      encodedPast.push(concatNumeric(pastVals, key, "past"));
      encodedFuture.push(futVals ? concatNumeric(futVals, key, "future") : undefined);
    }
  }
  const nCov = ordered.length;
  const out: PreparedInput[] = [];
  let pOff = 0;
  tasks.forEach((t, i) => {
    const len = lengths[i]!;
    const rows = nTargets + nCov;
    const context = new Float32Array(rows * len);
    targetRows(t.target)!.forEach((r, j) => context.set(toF32(r), j * len));
    encodedPast.forEach((col, j) =>
      context.set(col.subarray(pOff, pOff + len), (nTargets + j) * len)
    );
    const fut = new Float32Array(rows * predictionLength).fill(NaN);
    encodedFuture.forEach((col, j) => {
      if (col) {
        fut.set(
          col.subarray(i * predictionLength, (i + 1) * predictionLength),
          (nTargets + j) * predictionLength,
        );
      }
    });
    out.push({
      context,
      rows,
      length: len,
      futureCovariates: fut,
      nTargets,
      nCovariates: nCov,
      nFutureCovariates: knownCols.length,
    });
    pOff += len;
  });
  return out;
}

function targetRows(t: TaskInput["target"]): NumericSeries[] | undefined {
  if (isSeries(t)) return [t];
  if (Array.isArray(t) && t.length > 0 && t.every(isSeries)) {
    const len = (t[0] as NumericSeries).length;
    return t.every((r: NumericSeries) => r.length === len) ? (t as NumericSeries[]) : undefined;
  }
  return undefined;
}

function asCategories(v: CovariateValues): (string | null)[] {
  return Array.from(
    v as ArrayLike<unknown>,
    (
      x,
    ) => (x === null || x === undefined || (typeof x === "number" && Number.isNaN(x))
      ? null
      : String(x)),
  );
}

function concatNumeric(parts: CovariateValues[], key: string, where: string): Float32Array {
  const total = parts.reduce((a, p) => a + p.length, 0);
  const out = new Float32Array(total);
  let off = 0;
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) {
      const v = p[i];
      if (v !== null && typeof v !== "number") {
        throw new DataValidationError("inputs", [{
          kind: "bad-number",
          column: key,
          message: `${where} covariate "${key}" mixes numbers and ${typeof v} values`,
          value: String(v),
        }]);
      }
      out[off + i] = v ?? NaN;
    }
    off += p.length;
  }
  return out;
}
