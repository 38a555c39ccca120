/**
 * `deno task parity`'s library side: checks a whole fixture folder (the
 * shared `chronos2-tiny` or a held-back set in the same format). It loads the
 * folder's `config.json` and `model.safetensors`, runs every inference case
 * through the public API ({@linkcode runParityCase}) and every training case
 * (L1, L2: loss and every recorded gradient of the training graph, dropout
 * off, tolerance 1e-4 relative) through the checker that
 * {@linkcode registerTrainingParity} registers for the duration of the run.
 *
 * @module
 */

import type { ExecutionProvider } from "../../../lib/runtime/session.ts";
import { loadChronos2 } from "../load.ts";
import type { CaseJson } from "./cases.ts";
import { type ParityCaseResult, runParityCase } from "./harness.ts";
import { registerTrainingParity } from "./training.ts";
import { readSafetensors } from "../weights.ts";

/** Options of {@linkcode runParityFixture}. */
export interface ParityFixtureOptions {
  /** "onnx" (ONNX Runtime) or "reference" (plain TypeScript forward) for the inference cases. @default "onnx" */
  backend?: "onnx" | "reference";
  /** Run only cases whose name starts with this. @default all */
  only?: string;
  /**
   * ONNX Runtime execution provider of the inference cases (the training
   * cases run on the CPU). A provider that fails to start falls back to the
   * CPU, which the report's `executionProvider` shows. @default "auto"
   */
  executionProvider?: ExecutionProvider;
  /** Called after each case (progress). */
  onCase?: (result: ParityCaseResult) => void;
}

/** What {@linkcode runParityFixture} found. */
export interface ParityReport {
  /** The fixture folder. */
  fixture: string;
  /** The inference backend. */
  backend: "onnx" | "reference";
  /** The execution provider the inference cases ran on (`"reference"` for the TypeScript forward). */
  executionProvider: string;
  /** Why that provider (lib/runtime's reason, fallbacks included). */
  providerReason: string;
  /** One result per case, in the index order. */
  results: ParityCaseResult[];
  /** Cases that passed. */
  passed: number;
  /** Cases that failed or raised an error. */
  failed: number;
  /** Cases no checker handles. */
  notChecked: number;
}

async function caseFiles(dir: string): Promise<string[]> {
  try {
    const index = JSON.parse(await Deno.readTextFile(`${dir}/cases/index.json`)) as {
      cases: { file: string }[];
    };
    return index.cases.map((c) => c.file.replace(/^cases\//, ""));
  } catch {
    const names: string[] = [];
    for await (const e of Deno.readDir(`${dir}/cases`)) {
      if (e.name.endsWith(".json") && e.name !== "index.json") names.push(e.name);
    }
    return names.sort();
  }
}

/**
 * Checks every case of a fixture folder against the official outputs.
 *
 * @param dir the fixture folder (`config.json`, `model.safetensors`, `cases/`)
 * @param options backend, case filter and progress
 * @returns the results and their counts
 * @throws {ModelFormatError} when the config or weights are missing or do not match
 * @throws {SyntaxError} when a case file is not JSON
 * @example Usage
 * ```ts
 * import { runParityFixture } from "./fixture.ts";
 * const r = await runParityFixture("tests/fixtures/chronos2-tiny", { only: "L1" });
 * if (r.passed !== 1 || r.results[0]!.status !== "pass") throw new Error();
 * ```
 */
export async function runParityFixture(
  dir: string,
  options: ParityFixtureOptions = {},
): Promise<ParityReport> {
  const backend = options.backend ?? "onnx";
  const pipeline = await loadChronos2(dir, {
    backend,
    useConvertedFiles: false,
    intraOpThreads: 1,
    ...(options.executionProvider ? { executionProvider: options.executionProvider } : {}),
  });
  const unregister = registerTrainingParity(
    pipeline.config,
    () => readSafetensors(`${dir}/model.safetensors`),
  );
  const results: ParityCaseResult[] = [];
  try {
    for (const name of await caseFiles(dir)) {
      const c = JSON.parse(await Deno.readTextFile(`${dir}/cases/${name}`)) as CaseJson;
      if (options.only && !c.case.startsWith(options.only)) continue;
      const r = await runParityCase(c, pipeline);
      results.push(r);
      options.onCase?.(r);
    }
  } finally {
    unregister();
    await pipeline.release();
  }
  const executionProvider = backend === "reference"
    ? "reference"
    : pipeline.runner.executionProvider ?? "none";
  const providerReason = backend === "reference"
    ? "plain TypeScript reference forward"
    : pipeline.runner.providerReason ?? "no inference case ran";
  const passed = results.filter((r) => r.status === "pass").length;
  const failed = results.filter((r) => r.status === "fail" || r.status === "error").length;
  return {
    fixture: dir,
    backend,
    executionProvider,
    providerReason,
    results,
    passed,
    failed,
    notChecked: results.length - passed - failed,
  };
}
