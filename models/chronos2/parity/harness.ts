/**
 * The parity harness: runs recorded reference cases through the public API
 * and compares every block with tolerance `1e-4 × max|reference|` (per
 * series' [quantiles, horizon] block), plus the intermediate stages recorded
 * for case A. Training cases are checked by checkers registered from outside
 * (fine-tuning adds them); until then they are reported as not yet checked.
 *
 * @module
 */

import { makeBatches } from "../batching.ts";
import { findCaseChecker, type ParityCheck } from "./checkers.ts";
import type { Chronos2Pipeline } from "../pipeline.ts";
import { prepareInputs } from "../preprocess.ts";
import type { ForwardInput } from "../rollout.ts";
import {
  caseInputs,
  type CaseJson,
  caseOptions,
  f32,
  isJsonTensor,
  type JsonTensor,
} from "./cases.ts";

/** The default relative tolerance. */
export const PARITY_TOLERANCE = 1e-4;

/** Result of one case. */
export interface ParityCaseResult {
  /** Case name. */
  case: string;
  /** Overall status. */
  status: "pass" | "fail" | "not yet checked" | "error";
  /** Worst relative error over the checks. */
  maxRelErr: number;
  /** Every comparison. */
  checks: ParityCheck[];
  /** Error message or note. */
  message?: string;
}

export { type CaseChecker, type ParityCheck, registerCaseChecker } from "./checkers.ts";

/**
 * Compares two arrays: max|a − b| / max|b|.
 *
 * @param name label
 * @param actual computed
 * @param expected reference
 * @param tol relative tolerance
 * @returns the check
 * @example Usage
 * ```ts
 * import { compareBlock } from "./harness.ts";
 * if (!compareBlock("x", [1, 2], [1, 2.0001]).ok) throw new Error();
 * ```
 */
export function compareBlock(
  name: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol = PARITY_TOLERANCE,
): ParityCheck {
  if (actual.length !== expected.length) {
    return {
      name: `${name} (length ${actual.length} vs ${expected.length})`,
      relErr: Infinity,
      ok: false,
    };
  }
  let err = 0;
  let mag = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    if (Number.isNaN(a) || Number.isNaN(b)) {
      if (Number.isNaN(a) !== Number.isNaN(b)) err = Infinity;
      continue;
    }
    err = Math.max(err, Math.abs(a - b));
    mag = Math.max(mag, Math.abs(b));
  }
  const relErr = err === 0 ? 0 : err / (mag > 0 ? mag : 1);
  return { name, relErr, ok: relErr <= tol };
}

function fitWidth(t: JsonTensor, width: number): Float32Array {
  const [rows, w] = t.shape as [number, number];
  const src = f32(t);
  const out = new Float32Array(rows * width).fill(NaN);
  for (let r = 0; r < rows; r++) {
    out.set(src.subarray(r * w, r * w + Math.min(w, width)), r * width);
  }
  return out;
}

function compareForward(
  prefix: string,
  got: { input: ForwardInput; prediction: Float32Array; merged?: Float32Array },
  ref: Record<string, unknown>,
  out: ParityCheck[],
): void {
  const inputs = (ref.inputs ?? ref) as Record<string, unknown>;
  const ctx = inputs.context;
  if (isJsonTensor(ctx)) out.push(compareBlock(`${prefix}.context`, got.input.context, f32(ctx)));
  if (isJsonTensor(inputs.group_ids)) {
    out.push(compareBlock(`${prefix}.group_ids`, got.input.groupIds, f32(inputs.group_ids), 0));
  }
  const fc = inputs.future_covariates;
  if (isJsonTensor(fc)) {
    out.push(
      compareBlock(
        `${prefix}.future_covariates`,
        got.input.futureCovariates,
        fitWidth(fc, got.input.futureCovariates.length / got.input.rows),
        0,
      ),
    );
  }
  if (inputs.num_output_patches !== undefined) {
    out.push({
      name: `${prefix}.num_output_patches`,
      relErr: got.input.numOutputPatches === inputs.num_output_patches ? 0 : Infinity,
      ok: got.input.numOutputPatches === inputs.num_output_patches,
    });
  }
  const pred = ref.quantile_preds ?? ref.prediction;
  if (isJsonTensor(pred)) out.push(...perRow(`${prefix}.prediction`, got.prediction, pred));
  if (isJsonTensor(ref.merged_prediction) && got.merged) {
    out.push(...perRow(`${prefix}.merged_prediction`, got.merged, ref.merged_prediction));
  }
}

function perRow(name: string, actual: Float32Array, ref: JsonTensor): ParityCheck[] {
  const rows = ref.shape[0]!;
  const exp = f32(ref);
  const per = exp.length / rows;
  if (actual.length !== exp.length) return [compareBlock(name, actual, exp)];
  return Array.from(
    { length: rows },
    (_, r) =>
      compareBlock(
        `${name}[${r}]`,
        actual.subarray(r * per, (r + 1) * per),
        exp.subarray(r * per, (r + 1) * per),
      ),
  );
}

async function inferenceChecks(c: CaseJson, pipeline: Chronos2Pipeline): Promise<ParityCheck[]> {
  const out: ParityCheck[] = [];
  const api = (c.api ?? {}) as { kwargs?: Record<string, unknown> };
  const options = caseOptions(api.kwargs ?? {});
  const predictionLength = (c.prediction_length as number | undefined) ??
    options.predictionLength ??
    pipeline.modelPredictionLength;
  const inputs = caseInputs(c);
  if (Array.isArray(c.prepared_inputs)) {
    const prepared = prepareInputs(inputs, predictionLength);
    (c.prepared_inputs as Record<string, JsonTensor>[]).forEach((p, i) => {
      out.push(
        compareBlock(`prepared_inputs[${i}].context`, prepared[i]?.context ?? [], f32(p.context!)),
      );
      out.push(
        compareBlock(
          `prepared_inputs[${i}].future_covariates`,
          prepared[i]?.futureCovariates ?? [],
          f32(p.future_covariates!),
        ),
      );
    });
  }
  if (Array.isArray(c.pipeline_batches)) {
    const batches = makeBatches(prepareInputs(inputs, predictionLength), {
      predictionLength,
      contextLength: Math.min(
        options.contextLength ?? pipeline.config.chronos.contextLength,
        pipeline.config.chronos.contextLength,
      ),
      batchSize: options.batchSize ?? 256,
      crossLearning: options.crossLearning ?? false,
    });
    (c.pipeline_batches as Record<string, unknown>[]).forEach((b, i) => {
      const got = batches[i];
      out.push(
        compareBlock(
          `pipeline_batches[${i}].context`,
          got?.context ?? [],
          f32(b.context as JsonTensor),
          0,
        ),
      );
      out.push(
        compareBlock(
          `pipeline_batches[${i}].group_ids`,
          got?.groupIds ?? [],
          f32(b.group_ids as JsonTensor),
          0,
        ),
      );
      out.push(
        compareBlock(
          `pipeline_batches[${i}].future_covariates`,
          got?.futureCovariates ?? [],
          f32(b.future_covariates as JsonTensor),
          0,
        ),
      );
      const ranges =
        JSON.stringify(got?.targetIdxRanges ?? []) === JSON.stringify(b.target_idx_ranges);
      out.push({
        name: `pipeline_batches[${i}].target_idx_ranges`,
        relErr: ranges ? 0 : Infinity,
        ok: ranges,
      });
    });
  }
  const steps: { input: ForwardInput; prediction: Float32Array; merged?: Float32Array }[] = [];
  const preds = await pipeline.predict(inputs, {
    ...options,
    predictionLength,
    onForward: (s) => steps.push(s),
  });
  const refSteps = (Array.isArray(c.rollout_steps) ? c.rollout_steps : c.model_calls) as Record<
    string,
    unknown
  >[] | undefined;
  refSteps?.forEach((r, i) => {
    if (steps[i]) {
      compareForward(
        `${c.rollout_steps ? "rollout_steps" : "model_calls"}[${i}]`,
        steps[i]!,
        r,
        out,
      );
    } else out.push({ name: `forward call ${i} missing`, relErr: Infinity, ok: false });
  });
  const outputs = c.outputs as { predict?: JsonTensor[] } | undefined;
  outputs?.predict?.forEach((t, i) =>
    out.push(...perRow(`outputs.predict[${i}]`, preds[i]?.data ?? new Float32Array(), t))
  );
  const pq = c.predict_quantiles as Record<string, unknown> | undefined;
  if (pq) {
    const r = await pipeline.predictQuantiles(inputs, {
      ...options,
      predictionLength,
      quantileLevels: pq.quantile_levels as number[],
    });
    (pq.quantiles as JsonTensor[]).forEach((t, i) =>
      out.push(compareBlock(`predict_quantiles.quantiles[${i}]`, r.quantiles[i]!.data, f32(t)))
    );
    (pq.mean as JsonTensor[]).forEach((t, i) =>
      out.push(compareBlock(`predict_quantiles.mean[${i}]`, r.mean[i]!.data, f32(t)))
    );
    const ip = pq.interpolated as Record<string, unknown> | undefined;
    if (ip) {
      const r2 = await pipeline.predictQuantiles(inputs, {
        ...options,
        predictionLength,
        quantileLevels: ip.quantile_levels as number[],
      });
      (ip.quantiles as JsonTensor[]).forEach((t, i) =>
        out.push(
          compareBlock(`predict_quantiles.interpolated[${i}]`, r2.quantiles[i]!.data, f32(t)),
        )
      );
    }
  }
  const inter = c.intermediates as Record<string, unknown> | undefined;
  if (inter && pipeline.runner.forwardWithInternals && steps[0]) {
    const { internals } = await pipeline.runner.forwardWithInternals(steps[0].input);
    for (const [k, v] of Object.entries(inter)) {
      if (isJsonTensor(v) && internals[k]) {
        out.push(compareBlock(`intermediates.${k}`, internals[k]!, f32(v)));
      }
    }
  }
  // `with_context_length_<N>`: the same inputs through predict(context_length=N); the
  // recorded N depends on the fixture's own context length, so every such key is checked
  for (const [key, value] of Object.entries(c)) {
    if (!/^with_context_length_\d+$/.test(key) || typeof value !== "object" || value === null) {
      continue;
    }
    const sub = value as Record<string, unknown>;
    const o2 = caseOptions((sub.kwargs ?? {}) as Record<string, unknown>);
    const subSteps: { input: ForwardInput; prediction: Float32Array; merged?: Float32Array }[] = [];
    const p2 = await pipeline.predict(inputs, {
      ...o2,
      predictionLength: o2.predictionLength ?? predictionLength,
      onForward: (s) => subSteps.push(s),
    });
    (sub.model_calls as Record<string, unknown>[] | undefined)?.forEach((r, i) => {
      if (subSteps[i]) compareForward(`${key}.model_calls[${i}]`, subSteps[i]!, r, out);
      else out.push({ name: `${key}: forward call ${i} missing`, relErr: Infinity, ok: false });
    });
    const subOutputs = (sub.outputs ?? {}) as { predict?: JsonTensor[] };
    if (!subOutputs.predict?.length) {
      out.push({ name: `${key}.outputs.predict missing`, relErr: Infinity, ok: false });
    }
    subOutputs.predict?.forEach((t, i) =>
      out.push(...perRow(`${key}.predict[${i}]`, p2[i]?.data ?? new Float32Array(), t))
    );
  }
  const un = c.model_level_untruncated as { model_call: Record<string, unknown> } | undefined;
  if (un) {
    const inp = un.model_call.inputs as Record<string, unknown>;
    const ctx = inp.context as JsonTensor;
    const [rows, length] = ctx.shape as [number, number];
    const n = inp.num_output_patches as number;
    const q = await pipeline.runner.forward({
      context: f32(ctx),
      rows,
      length,
      groupIds: Int32Array.from({ length: rows }, (_, i) => i),
      futureCovariates: new Float32Array(rows * n * pipeline.config.chronos.outputPatchSize).fill(
        NaN,
      ),
      numOutputPatches: n,
    });
    out.push(...perRow("model_level_untruncated", q, un.model_call.quantile_preds as JsonTensor));
  }
  return out;
}

function isTrainingCase(c: CaseJson): boolean {
  return "loss" in c || "batch" in c;
}

/**
 * Runs one case and summarises it.
 *
 * @param c the case JSON
 * @param pipeline the pipeline under test
 * @returns the result (never throws: errors become status "error")
 * @example Usage
 * ```ts ignore
 * const r = await runParityCase(caseJson, pipeline);
 * console.log(r.status, r.maxRelErr);
 * ```
 */
export async function runParityCase(
  c: CaseJson,
  pipeline: Chronos2Pipeline,
): Promise<ParityCaseResult> {
  const custom = findCaseChecker(c.case);
  if (!custom && isTrainingCase(c)) {
    return {
      case: c.case,
      status: "not yet checked",
      maxRelErr: NaN,
      checks: [],
      message: "training case: no checker registered",
    };
  }
  let checks: ParityCheck[];
  try {
    checks = await (custom ? custom(c, pipeline) : inferenceChecks(c, pipeline));
  } catch (err) {
    return {
      case: c.case,
      status: "error",
      maxRelErr: NaN,
      checks: [],
      message: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    };
  }
  const maxRelErr = checks.reduce((m, k) => Math.max(m, k.relErr), 0);
  const failed = checks.filter((k) => !k.ok);
  return {
    case: c.case,
    status: failed.length === 0 && checks.length > 0 ? "pass" : "fail",
    maxRelErr,
    checks,
    ...(failed.length
      ? {
        message: `${failed.length} check(s) failed, first: ${failed[0]!.name} (${
          failed[0]!.relErr.toExponential(2)
        })`,
      }
      : {}),
  };
}
