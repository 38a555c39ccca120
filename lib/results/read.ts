/**
 * Reading results files (`EvaluationResults`, lib/results/schema.ts): parse,
 * turn JSON `null` back into NaN, validate every field the report uses and
 * report all problems at once.
 *
 * @module
 */

import { type DataProblem, DataValidationError } from "../errors.ts";
import { clip } from "../net/clip.ts";
import {
  type EvaluationResults,
  type MetricSet,
  RESULTS_SCHEMA,
  type TrainingPoint,
} from "./schema.ts";

/** A parsed results file and where it came from. */
export interface LoadedResults {
  /** The file path (or any name given to {@linkcode parseResults}). */
  source: string;
  /** A short name for tables and messages: the file name without `.json`. */
  label: string;
  /** The validated contents, NaN where the file had `null`. */
  results: EvaluationResults;
}

const TASKS = ["baselines", "zero-shot", "finetune", "finetune-covariates", "gbdt", "ensemble"];
const KINDS = ["baseline", "zero-shot", "finetuned", "gbdt", "ensemble"];
const SPLITS = ["train", "val", "test"];
const METRIC_KEYS = [
  "n",
  "rmse",
  "mae",
  "r2",
  "mape",
  "mapeSkipped",
  "wape",
  "smape",
  "mase",
  "wql",
  "coverage",
] as const;
/** Metrics every scored model has: a file without them was not written by an evaluation. */
const REQUIRED_METRICS: ReadonlySet<string> = new Set(["n", "rmse", "mae"]);

/** A value as quoted in a message: JSON, cut to 80 characters. */
function quoted(v: unknown): string {
  return clip(JSON.stringify(v) ?? String(v), 80);
}

/**
 * Parses and validates the text of a results file: `n`, `rmse` and `mae`
 * must be finite numbers for every model; JSON `null` in other numeric
 * places (how NaN is written) is read back as NaN; a missing metric is NaN.
 *
 * @param text the JSON text
 * @param source the file name, used in messages
 * @returns the results
 * @throws {SyntaxError} when the text is not JSON
 * @throws {DataValidationError} listing every field that is missing or has the wrong shape
 * @example Usage
 * ```ts
 * import { parseResults } from "@chronos-deno/chronos-deno/results";
 * import { ok } from "node:assert/strict";
 * const text = JSON.stringify({
 *   schema: "chronos-deno/results@1", task: "baselines", createdAt: "2024-01-01T00:00:00Z",
 *   config: { data: "load.csv", split: "test", contextLength: 96, predictionLength: 1,
 *     covariates: "none", quantileLevels: [] },
 *   origins: [10], timestamps: ["2018-11-01T00:15:00+09:00"], actuals: [[3.2]],
 *   models: [{ name: "persistence", kind: "baseline",
 *     metrics: { n: 1, rmse: 0.2, mae: 0.2, wql: null }, point: [[3.0]] }],
 * });
 * ok(Number.isNaN(parseResults(text, "a.json").models[0]!.metrics.wql));
 * ```
 */
export function parseResults(text: string, source: string): EvaluationResults {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new SyntaxError(
      `Cannot read results file "${clip(source, 200)}": it is not valid JSON: ${
        clip((err as Error).message, 200)
      }`,
      { cause: err },
    );
  }
  const problems: DataProblem[] = [];
  const bad = (field: string, message: string) =>
    problems.push({ kind: "other", column: field, message: `${field}: ${message}` });
  if (!isObject(raw)) {
    throw new DataValidationError(source, [{ kind: "other", message: "not a JSON object" }]);
  }
  if (raw.schema !== RESULTS_SCHEMA) {
    bad("schema", `expected "${RESULTS_SCHEMA}", got ${quoted(raw.schema)}`);
  }
  if (!TASKS.includes(raw.task as string)) bad("task", `unknown task ${quoted(raw.task)}`);
  const config = isObject(raw.config) ? raw.config : (bad("config", "missing"), {});
  if (!SPLITS.includes(config.split as string)) {
    bad(
      "config.split",
      `expected one of ${SPLITS.join(", ")}, got ${quoted(config.split)}`,
    );
  }
  const h = config.predictionLength;
  if (!isPositiveInt(h)) bad("config.predictionLength", "expected a whole number of 1 or more");
  const predictionLength = isPositiveInt(h) ? h : 0;
  const levels = config.quantileLevels;
  if (levels !== undefined && !isNumberArray(levels)) {
    bad("config.quantileLevels", "expected an array of numbers");
  }
  const qCount = isNumberArray(levels) ? levels.length : 0;

  const origins = raw.origins;
  if (!Array.isArray(origins) || !origins.every((o) => Number.isInteger(o) && o >= 0)) {
    bad("origins", "expected an array of row indices");
  }
  const count = Array.isArray(origins) ? origins.length : 0;
  const timestamps = raw.timestamps;
  if (!Array.isArray(timestamps) || timestamps.length !== count) {
    bad("timestamps", `expected ${count} ISO timestamps, one per origin`);
  } else {
    const i = timestamps.findIndex((t) => typeof t !== "string" || Number.isNaN(Date.parse(t)));
    if (i >= 0) bad(`timestamps[${i}]`, `not an ISO time: ${quoted(timestamps[i])}`);
  }
  raw.actuals = readMatrix(raw.actuals, count, predictionLength, "actuals", bad);
  if (raw.loadType !== undefined) {
    const lt = raw.loadType;
    if (!Array.isArray(lt) || lt.length !== count || !lt.every((v) => typeof v === "string")) {
      bad("loadType", `expected ${count} strings, one per origin`);
    }
  }
  if (!Array.isArray(raw.models) || raw.models.length === 0) {
    bad("models", "expected at least one model");
  } else {
    raw.models.forEach((m: unknown, i: number) => {
      const at = `models[${i}]`;
      if (!isObject(m)) return void bad(at, "expected an object");
      if (typeof m.name !== "string" || m.name === "") bad(`${at}.name`, "expected a name");
      if (!KINDS.includes(m.kind as string)) {
        bad(`${at}.kind`, `expected one of ${KINDS.join(", ")}, got ${quoted(m.kind)}`);
      }
      m.metrics = readMetrics(m.metrics, `${at}.metrics`, bad);
      m.point = readMatrix(m.point, count, predictionLength, `${at}.point`, bad);
      if (m.quantiles !== undefined) {
        m.quantiles = readCube(
          m.quantiles,
          [count, qCount, predictionLength],
          `${at}.quantiles`,
          bad,
        );
      }
      if (m.timing !== undefined) {
        const t = m.timing;
        if (!isObject(t)) return void bad(`${at}.timing`, "expected an object");
        t.seconds = toNumber(t.seconds);
        t.windowsPerSecond = toNumber(t.windowsPerSecond);
      }
    });
  }
  if (raw.training !== undefined) {
    if (!Array.isArray(raw.training)) bad("training", "expected an array of steps");
    else raw.training = raw.training.map((p, i) => readTrainingPoint(p, `training[${i}]`, bad));
  }
  if (problems.length > 0) throw new DataValidationError(source, problems);
  return raw as unknown as EvaluationResults;
}

/**
 * Reads and validates one results file.
 *
 * @param path the `.json` file
 * @returns the results with their source and label
 * @throws {Deno.errors.NotFound} when the file does not exist
 * @throws {SyntaxError} when it is not JSON
 * @throws {DataValidationError} when fields are missing or malformed
 * @example Usage
 * ```ts
 * import { loadResults } from "@chronos-deno/chronos-deno/results";
 * import { rejects } from "node:assert/strict";
 * await rejects(loadResults("/no/such/results.json"));
 * ```
 */
export async function loadResults(path: string): Promise<LoadedResults> {
  const text = await Deno.readTextFile(path);
  const name = path.split(/[\\/]/).pop() ?? path;
  return { source: path, label: name.replace(/\.json$/i, ""), results: parseResults(text, path) };
}

type Bad = (field: string, message: string) => void;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isPositiveInt(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) >= 1;
}

function isNumberArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => typeof x === "number");
}

/** A number; NaN for `null`, a missing value or anything else. */
function toNumber(v: unknown): number {
  return typeof v === "number" ? v : NaN;
}

function numberCell(v: unknown): number | undefined {
  if (v === null) return NaN;
  if (typeof v === "number") return v;
  return undefined;
}

function readMetrics(v: unknown, at: string, bad: Bad): MetricSet {
  if (!isObject(v)) {
    bad(at, "expected an object");
    return {} as MetricSet;
  }
  for (const key of METRIC_KEYS) {
    const x = v[key];
    if (REQUIRED_METRICS.has(key) && (typeof x !== "number" || !Number.isFinite(x))) {
      bad(`${at}.${key}`, `must be a finite number (every scored model has it), got ${quoted(x)}`);
    } else if (x !== undefined && x !== null && typeof x !== "number") {
      bad(`${at}.${key}`, `expected a number, got ${quoted(x)}`);
    }
    v[key] = toNumber(x);
  }
  return v as unknown as MetricSet;
}

function readMatrix(v: unknown, rows: number, cols: number, at: string, bad: Bad): number[][] {
  if (!Array.isArray(v) || v.length !== rows) {
    bad(at, `expected ${rows} rows (one per origin) of ${cols} values`);
    return [];
  }
  return v.map((row: unknown, i: number) => {
    if (!Array.isArray(row) || row.length !== cols) {
      bad(`${at}[${i}]`, `expected ${cols} values (the prediction length)`);
      return [];
    }
    return row.map((x: unknown, j: number) => {
      const n = numberCell(x);
      if (n === undefined) bad(`${at}[${i}][${j}]`, `expected a number or null, got ${quoted(x)}`);
      return n ?? NaN;
    });
  });
}

function readCube(v: unknown, dims: number[], at: string, bad: Bad): number[][][] {
  const [rows = 0, q = 0, cols = 0] = dims;
  if (!Array.isArray(v) || v.length !== rows) {
    bad(at, `expected ${rows} origins × ${q} quantile levels × ${cols} steps`);
    return [];
  }
  return v.map((m: unknown, i: number) => readMatrix(m, q, cols, `${at}[${i}]`, bad));
}

function readTrainingPoint(p: unknown, at: string, bad: Bad): TrainingPoint {
  if (!isObject(p) || !Number.isFinite(p.step)) {
    bad(at, "expected an object with a numeric step");
    return { step: NaN };
  }
  const out: TrainingPoint = { step: p.step as number };
  for (const key of ["loss", "valLoss", "learningRate", "gradNorm"] as const) {
    if (p[key] !== undefined) out[key] = toNumber(p[key]);
  }
  return out;
}
