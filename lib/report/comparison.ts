/**
 * Combines results files evaluated on the same windows into one comparison:
 * one row per model with its metrics, the best value per column, and the skill
 * against persistence (1 − RMSE / RMSE of persistence).
 *
 * @module
 */

import { clip } from "../net/clip.ts";
import type { ModelResult, TrainingPoint } from "../results/schema.ts";
import { type ColumnKey, COMPARISON_COLUMNS } from "./columns.ts";
import { checkComparable, firstDifference } from "./comparable.ts";
import { IncompatibleResultsError } from "../results/incompatible_results_error.ts";
import type { LoadedResults } from "../results/read.ts";

/** One model of the comparison, with what it needs for the charts. */
export interface ComparedModel {
  /** Unique display name (file label appended when two files use the same name). */
  name: string;
  /** What produced it. */
  kind: ModelResult["kind"];
  /** Label of the file it came from. */
  source: string;
  /** The model's results (forecasts, metrics, timing). */
  result: ModelResult;
  /** Quantile levels of `result.quantiles`. */
  quantileLevels: readonly number[];
  /** Context length it was evaluated with. */
  contextLength: number;
  /** Covariate mode it was evaluated with. */
  covariates: string;
}

/** One row of the table. */
export interface ComparisonRow {
  /** Model name (unique). */
  name: string;
  /** What produced it. */
  kind: ModelResult["kind"];
  /** Label of the file it came from. */
  source: string;
  /** Values per column; NaN when unknown. Coverage and percentages as in the file (coverage a share 0–1, skill a share). */
  values: Record<ColumnKey, number>;
  /** Columns where this row is the best (ties all marked; a column needs two known values). */
  best: ColumnKey[];
}

/** A fine-tuning curve from one file. */
export interface TrainingCurve {
  /** The fine-tuned model's name. */
  name: string;
  /** Label of the file. */
  source: string;
  /** The curve. */
  points: TrainingPoint[];
}

/** Where a compared results file came from. */
export interface ResultsSource {
  /** Short label (file name without `.json`). */
  label: string;
  /** File path. */
  path: string;
  /** Task that wrote it. */
  task: string;
  /** When it was written (ISO). */
  createdAt: string;
  /** Tracking run id, when recorded. */
  runId?: string;
  /** Tracking experiment, when recorded. */
  experiment?: string;
}

/** The comparison of every model of a set of compatible results files. */
export interface Comparison {
  /** Split evaluated. */
  split: string;
  /** Forecast horizon in steps. */
  predictionLength: number;
  /** Row index of each window's first forecast step. */
  origins: readonly number[];
  /** ISO time (end-labelled, in the data's zone) of each window's first forecast step. */
  timestamps: readonly string[];
  /** Actuals [origins][horizon]. */
  actuals: readonly (readonly number[])[];
  /** Segment (the dataset's segment column, e.g. a load type) at each window's first step, when known. */
  segments?: readonly string[];
  /** Time between two rows in ms, when known (from the files or the origins). */
  frequencyMs?: number;
  /** Central interval whose coverage is reported. */
  interval: readonly [number, number];
  /** Nominal coverage of that interval (upper − lower level). */
  nominalCoverage: number;
  /** Name of the model skill is measured against, when present. */
  reference?: string;
  /** The models, in file order. */
  models: ComparedModel[];
  /** Table rows, same order as `models`. */
  rows: ComparisonRow[];
  /** Fine-tuning curves, when any file has one. */
  training: TrainingCurve[];
  /** The files compared. */
  sources: ResultsSource[];
  /** Data files named by the results. */
  data: string[];
  /** Differences that do not prevent the comparison (context length, covariates…). */
  notes: string[];
}

/** Options of {@linkcode compareResults}. */
export interface ComparisonOptions {
  /**
   * Name of the reference model for skill (case-insensitive).
   * @default "persistence"
   */
  reference?: string;
  /**
   * Central interval whose coverage the files report, when they do not say.
   * @default the files' `config.interval`, else [0.1, 0.9]
   */
  interval?: readonly [number, number];
}

/**
 * Builds the comparison of every model in `files`: rows of metrics, the best
 * value per column (lower wins, except R², windows/s and skill where higher
 * wins, and coverage where the value closest to the nominal coverage wins),
 * and skill versus the reference model. Models are listed baselines first,
 * then zero-shot, then fine-tuned (file order within each); models of the
 * same name with identical forecasts (a baseline in several files) appear once.
 *
 * @param files the loaded results files (at least one)
 * @param options the reference model and coverage interval
 * @returns the comparison
 * @throws {RangeError} when `files` is empty, or a reference model is named that no file holds
 * @throws {IncompatibleResultsError} when the files were not evaluated on the same windows
 * @example Usage
 * ```ts
 * import { compareResults } from "@chronos-deno/chronos-deno/report";
 * import { throws } from "node:assert/strict";
 * throws(() => compareResults([]), RangeError);
 * ```
 */
export function compareResults(
  files: readonly LoadedResults[],
  options: ComparisonOptions = {},
): Comparison {
  const first = files[0];
  if (!first) throw new RangeError("Cannot compare results: no results files were given");
  const differences = checkComparable(files);
  if (differences.length > 0) throw new IncompatibleResultsError(differences);
  const base = first.results;
  const models = collectModels(files);
  const interval = options.interval ?? configInterval(base.config.interval) ?? [0.1, 0.9];
  const nominal = interval[1] - interval[0];
  const wanted = (options.reference ?? "persistence").toLowerCase();
  const ref = models.find((m) => m.result.name.toLowerCase() === wanted);
  if (!ref && options.reference !== undefined) {
    throw new RangeError(
      `Cannot measure skill against "${clip(options.reference, 80)}": no model of that name in ` +
        `these results; choose one of ${
          clip([...new Set(models.map((m) => `"${m.result.name}"`))].join(", "), 300)
        }`,
    );
  }
  const refRmse = ref?.result.metrics.rmse ?? NaN;
  const rows: ComparisonRow[] = models.map((m) => {
    const mt = m.result.metrics;
    const skill = refRmse > 0 ? 1 - mt.rmse / refRmse : NaN;
    return {
      name: m.name,
      kind: m.kind,
      source: m.source,
      values: {
        rmse: mt.rmse,
        mae: mt.mae,
        r2: mt.r2,
        mape: mt.mape,
        wape: mt.wape,
        mase: mt.mase,
        wql: mt.wql,
        coverage: mt.coverage,
        windowsPerSecond: m.result.timing?.windowsPerSecond ?? NaN,
        skill,
      },
      best: [],
    };
  });
  markBest(rows, nominal);
  const notes = describeSoftDifferences(files);
  if (!ref) {
    notes.push(`No "${wanted}" model in these results, so skill is not shown`);
  }
  return {
    split: base.config.split,
    predictionLength: base.config.predictionLength,
    origins: base.origins,
    timestamps: base.timestamps,
    actuals: base.actuals,
    ...(base.loadType ? { segments: base.loadType } : {}),
    ...frequencyOf(files),
    interval,
    nominalCoverage: nominal,
    ...(ref ? { reference: ref.name } : {}),
    models,
    rows,
    training: trainingCurves(files),
    sources: files.map((f) => ({
      label: f.label,
      path: f.source,
      task: f.results.task,
      createdAt: f.results.createdAt,
      ...(f.results.links?.runId ? { runId: f.results.links.runId } : {}),
      ...(f.results.links?.experiment ? { experiment: f.results.links.experiment } : {}),
    })),
    data: [...new Set(files.map((f) => f.results.config.data))],
    notes,
  };
}

function collectModels(files: readonly LoadedResults[]): ComparedModel[] {
  const all: ComparedModel[] = [];
  for (const f of files) {
    const c = f.results.config;
    for (const m of f.results.models) {
      const twin = all.find((x) =>
        x.result.name === m.name && x.kind === m.kind && sameMatrix(x.result.point, m.point)
      );
      if (twin) continue;
      all.push({
        name: m.name,
        kind: m.kind,
        source: f.label,
        result: m,
        quantileLevels: c.quantileLevels ?? [],
        contextLength: c.contextLength,
        covariates: c.covariates,
      });
    }
  }
  const order = ["baseline", "zero-shot", "finetuned", "gbdt", "ensemble"];
  all.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  disambiguate(all);
  return all;
}

/**
 * Renames models that share a name: by the setting that tells them apart
 * (context length, covariates) when there is one, else by their file.
 */
function disambiguate(models: ComparedModel[]): void {
  const groups = new Map<string, ComparedModel[]>();
  for (const m of models) groups.set(m.name, [...(groups.get(m.name) ?? []), m]);
  for (const [name, same] of groups) {
    if (same.length < 2) continue;
    const describe = [
      (m: ComparedModel) => `context ${m.contextLength}`,
      (m: ComparedModel) => `covariates ${m.covariates}`,
      (m: ComparedModel) => `context ${m.contextLength}, covariates ${m.covariates}`,
    ].find((d) => new Set(same.map(d)).size === same.length);
    for (const m of same) m.name = `${name} (${describe ? describe(m) : m.source})`;
  }
}

function markBest(rows: ComparisonRow[], nominal: number): void {
  for (const col of COMPARISON_COLUMNS) {
    const score = (v: number) =>
      col.better === "lower" ? v : col.better === "higher" ? -v : Math.abs(v - nominal);
    const known = rows.filter((r) => Number.isFinite(r.values[col.key]));
    if (known.length < 2) continue;
    const best = Math.min(...known.map((r) => score(r.values[col.key])));
    const tol = 1e-12 * Math.max(1, Math.abs(best));
    for (const r of known) if (score(r.values[col.key]) - best <= tol) r.best.push(col.key);
  }
}

function describeSoftDifferences(files: readonly LoadedResults[]): string[] {
  const notes: string[] = [];
  const describe = (what: string, get: (f: LoadedResults) => unknown) => {
    const values = new Map<string, string[]>();
    for (const f of files) {
      const v = JSON.stringify(get(f));
      values.set(v, [...(values.get(v) ?? []), f.label]);
    }
    if (values.size > 1) {
      const parts = [...values].map(([v, labels]) => `${v} (${labels.join(", ")})`);
      notes.push(`${what} differ: ${parts.join("; ")}`);
    }
  };
  describe("Context lengths", (f) => f.results.config.contextLength);
  describe("Covariate modes", (f) => f.results.config.covariates);
  describe("Data files", (f) => f.results.config.data);
  return notes;
}

function trainingCurves(files: readonly LoadedResults[]): TrainingCurve[] {
  return files.flatMap((f) => {
    const points = f.results.training;
    if (!points || points.length === 0) return [];
    const tuned = f.results.models.find((m) => m.kind === "finetuned");
    return [{ name: tuned?.name ?? f.label, source: f.label, points }];
  });
}

function frequencyOf(files: readonly LoadedResults[]): { frequencyMs?: number } {
  for (const f of files) {
    const v = f.results.config.frequencyMs;
    if (typeof v === "number" && v > 0) return { frequencyMs: v };
  }
  const { origins, timestamps } = files[0]!.results;
  for (let i = 1; i < origins.length; i++) {
    const rows = origins[i]! - origins[0]!;
    if (rows !== 0) {
      const ms = (Date.parse(timestamps[i]!) - Date.parse(timestamps[0]!)) / rows;
      if (ms > 0) return { frequencyMs: ms };
    }
  }
  return {};
}

function configInterval(v: unknown): [number, number] | undefined {
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number")) {
    return [v[0] as number, v[1] as number];
  }
  return undefined;
}

function sameMatrix(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): boolean {
  return a.length === b.length && firstDifference(a, b) === undefined &&
    a.every((r, i) => r.length === b[i]!.length);
}
