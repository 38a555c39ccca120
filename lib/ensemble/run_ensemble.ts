/**
 * Ensembles of evaluated models (what `deno task ensemble` runs): from
 * results files of the validation split and of the test split, fit a
 * weighted average (non-negative weights summing to one) and a linear stack
 * on validation only, forecast the test origins with both, add quantiles
 * from each ensemble's validation residuals, and write a results file with
 * the members and the ensembles side by side.
 *
 * @module
 */

import { checkComparable } from "../report/comparable.ts";
import { loadResultsFiles } from "../report/gather_results.ts";
import { createScorer } from "../metrics/score.ts";
import type { ZeroShotTracker } from "../evaluate/zero_shot.ts";
import { evaluationMetrics } from "../evaluate/run_record.ts";
import { IncompatibleResultsError } from "../results/incompatible_results_error.ts";
import type { LoadedResults } from "../results/read.ts";
import { type EvaluationResults, type ModelResult, RESULTS_SCHEMA } from "../results/schema.ts";
import { writeResultsFile } from "../results/write.ts";
import { resolve } from "node:path";
import { closeRun } from "../tracking/run_lifecycle.ts";
import { RUN_TAGS, runParams, runTags } from "../tracking/vocabulary.ts";
import { createTracker } from "../tracking/tracker.ts";
import { residualQuantiles } from "../gbdt/residual_quantiles.ts";
import { simplexWeights } from "./simplex_weights.ts";
import { applyStack, fitStack } from "./stacking.ts";

/** Options of {@linkcode runEnsemble}. */
export interface EnsembleOptions {
  /** Results files or folders: at least one of the validation split and one of the test split. */
  results: readonly string[];
  /** Member model names. @default every non-baseline model present in both splits */
  members?: readonly string[];
  /** Where the results file goes; `null` writes none. @default "models/foundation" */
  outputDir?: string | null;
  /** Tracking; `false` tracks nothing. @default createTracker() */
  tracker?: ZeroShotTracker | false;
  /** Experiment. @default the test results' experiment with its last part replaced by "ensemble" */
  experiment?: string;
  /** Time used in the file name. @default new Date() */
  now?: Date;
  /** Warnings. */
  onWarning?: (message: string) => void;
}

/** What {@linkcode runEnsemble} produced. */
export interface EnsembleOutcome {
  /** The results (members and ensembles on the test origins). */
  results: EvaluationResults;
  /** The results file. */
  resultsPath?: string;
  /** Tracked run id. */
  runId?: string;
}

/** Each model of a split's files, first occurrence by name, with its file. */
function modelsOf(
  files: readonly LoadedResults[],
): Map<string, { m: ModelResult; f: LoadedResults }> {
  const out = new Map<string, { m: ModelResult; f: LoadedResults }>();
  for (const f of files) {
    for (const m of f.results.models) if (!out.has(m.name)) out.set(m.name, { m, f });
  }
  return out;
}

function flat(rows: readonly (readonly number[])[]): Float64Array {
  return Float64Array.from(rows.flat());
}

function split(files: readonly LoadedResults[], name: "val" | "test"): LoadedResults[] {
  const chosen = files.filter((f) => f.results.config.split === name);
  if (chosen.length === 0) {
    throw new RangeError(
      `Cannot fit an ensemble without results of the ${name === "val" ? "validation" : "test"} ` +
        `split: add --results of a run with --split ${name} (e.g. deno task zero-shot --split ${name} ` +
        `--max-predictions 0, deno task gbdt --split ${name})`,
    );
  }
  const differences = checkComparable(chosen);
  if (differences.length > 0) throw new IncompatibleResultsError(differences);
  return chosen;
}

/**
 * Fits and evaluates the ensembles (see the module doc).
 *
 * @param options results files, members, output and tracking
 * @returns the results and the file written
 * @throws {RangeError} when a split is missing, fewer than two members are found, or horizons differ
 * @throws {IncompatibleResultsError} when files of one split were evaluated on different origins
 * @example Usage
 * ```ts ignore
 * const out = await runEnsemble({ results: ["val.json", "test.json"] });
 * ```
 */
export async function runEnsemble(options: EnsembleOptions): Promise<EnsembleOutcome> {
  const warn = options.onWarning ? { onWarning: options.onWarning } : {};
  const files = await loadResultsFiles(options.results);
  const val = split(files, "val");
  const test = split(files, "test");
  const base = test[0]!.results;
  const H = base.config.predictionLength;
  if (val[0]!.results.config.predictionLength !== H) {
    throw new RangeError(
      `Cannot fit an ensemble: the validation results forecast ${
        val[0]!.results.config.predictionLength
      } steps, the test results ${H}: use one --prediction-length`,
    );
  }
  const valModels = modelsOf(val);
  const testModels = modelsOf(test);
  const names = options.members ??
    [...valModels.keys()].filter((n) =>
      testModels.has(n) && valModels.get(n)!.m.kind !== "baseline" &&
      valModels.get(n)!.m.kind !== "ensemble"
    );
  const missing = names.filter((n) => !valModels.has(n) || !testModels.has(n));
  if (missing.length > 0 || names.length < 2) {
    throw new RangeError(
      `Cannot fit an ensemble of ${names.length} member(s)` +
        (missing.length ? ` (${missing.map((n) => `"${n}"`).join(", ")} not in both splits)` : "") +
        `: give at least two models present in both the validation and the test results ` +
        `(found in both: ${
          [...valModels.keys()].filter((n) => testModels.has(n)).join(", ") || "none"
        })`,
    );
  }
  const valActual = flat(val[0]!.results.actuals);
  const testActual = flat(base.actuals);
  const valX = names.map((n) => flat(valModels.get(n)!.m.point));
  const testX = names.map((n) => flat(testModels.get(n)!.m.point));
  const weights = simplexWeights(valX, valActual);
  const stack = fitStack(valX, valActual);
  const levels = base.config.quantileLevels;
  const Q = levels.length;
  const combine = (x: Float64Array[]) => {
    const out = new Float64Array(x[0]!.length);
    x.forEach((m, j) => m.forEach((v, i) => (out[i]! += weights[j]! * v)));
    return out;
  };
  const scorer = await createScorer({ device: "cpu", actual: testActual, levels, ...warn });
  const ref = names.map((n) => testModels.get(n)!.m.metrics).find((m) => m.mase > 0);
  const maseScale = ref ? ref.mae / ref.mase : NaN;
  const n = base.origins.length;
  const ensembles: ModelResult[] = [];
  for (
    const [label, fit, w] of [
      ["ensemble (weighted)", combine, {
        ...Object.fromEntries(names.map((k, j) => [k, weights[j]!])),
      }],
      [
        "ensemble (stacked)",
        (x: Float64Array[]) => applyStack(stack, x),
        {
          "(intercept)": stack.intercept,
          ...Object.fromEntries(names.map((k, j) => [k, stack.coefficients[j]!])),
        },
      ],
    ] as const
  ) {
    const start = performance.now();
    const offsets = residualQuantiles(valActual, fit(valX), H, levels);
    const point = fit(testX);
    const quantiles = new Float64Array(point.length * Q);
    for (let r = 0; r < point.length; r++) {
      for (let q = 0; q < Q; q++) quantiles[r * Q + q] = point[r]! + offsets[r % H]![q]!;
    }
    const seconds = (performance.now() - start) / 1000;
    const metrics = await scorer.score(point, quantiles);
    metrics.mase = metrics.mae / maseScale;
    ensembles.push({
      name: label,
      kind: "ensemble",
      metrics,
      timing: { seconds, windowsPerSecond: n / (seconds || 1e-9) },
      point: Array.from({ length: n }, (_, i) => Array.from(point.subarray(i * H, (i + 1) * H))),
      quantiles: Array.from(
        { length: n },
        (_, i) =>
          levels.map((_, q) =>
            Array.from({ length: H }, (_, h) => quantiles[(i * H + h) * Q + q]!)
          ),
      ),
      weights: w,
    });
  }
  const experiment = options.experiment ??
    (base.links?.experiment ? base.links.experiment.replace(/_[^_]+$/, "_ensemble") : "ensemble");
  const results: EvaluationResults = {
    schema: RESULTS_SCHEMA,
    task: "ensemble",
    createdAt: new Date().toISOString(),
    config: {
      ...base.config,
      members: names,
      fittedOn: "val",
      validationOrigins: val[0]!.results.origins.length,
      memberFiles: [
        ...new Set(names.flatMap((k) => [valModels.get(k)!.f.source, testModels.get(k)!.f.source])),
      ],
      quantileMethod: "validation residual quantiles per step of each ensemble",
    },
    origins: base.origins,
    timestamps: base.timestamps,
    actuals: base.actuals,
    ...(base.loadType ? { loadType: base.loadType } : {}),
    models: [...[...testModels.values()].map((e) => e.m), ...ensembles],
    links: { experiment },
  };
  const tracker = options.tracker === false ? undefined : options.tracker ?? createTracker(warn);
  const run = await tracker?.startRun({
    experiment,
    runName: `ensemble ${new Date().toISOString().slice(0, 19)}`,
    tags: await runTags("ensemble"),
  });
  try {
    if (run) results.links = { ...results.links, runId: run.runId };
    const outputDir = options.outputDir === null
      ? undefined
      : options.outputDir ?? "models/foundation";
    const resultsPath = outputDir
      ? await writeResultsFile(results, outputDir, {
        prefix: "ensemble_results",
        ...(options.now ? { now: options.now } : {}),
      })
      : undefined;
    if (run) {
      await run.logParams({
        ...runParams({
          model: "ensemble",
          data: base.config.data,
          split: base.config.split,
          contextLength: base.config.contextLength,
          predictionLength: H,
          covariates: base.config.covariates,
          quantileLevels: base.config.quantileLevels,
          numPredictions: base.origins.length,
        }),
        members: names.join(", "),
        "fitted_on": "val",
        ...Object.fromEntries(
          names.map((
            k,
            j,
          ) => [`weight_${k.toLowerCase().replace(/[^a-z0-9]+/g, "_")}`, weights[j]!]),
        ),
      });
      await run.logMetrics(evaluationMetrics(results, "ensemble"));
      if (resultsPath) {
        await run.setTags({ [RUN_TAGS.resultsPath]: resolve(resultsPath) });
        await run.logArtifact(resultsPath);
      }
      await closeRun(run);
    }
    return {
      results,
      ...(resultsPath ? { resultsPath } : {}),
      ...(run ? { runId: run.runId } : {}),
    };
  } catch (err) {
    if (run) await closeRun(run, { error: err }).catch(() => {});
    throw err;
  }
}
