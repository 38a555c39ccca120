/**
 * Writing results: the file name `<prefix>_YYYYMMDD_HHMMSS.json`, the JSON
 * text (non-finite numbers as `null`: the one NaN replacer of the project)
 * and the file itself, created new.
 *
 * @module
 */

import { checkPathSegment } from "../paths/inside_folder.ts";
import type { EvaluationResults } from "./schema.ts";

/** Options of {@linkcode writeResultsFile}. */
export interface WriteResultsOptions {
  /** File name prefix. @default "chronos2_results" */
  prefix?: string;
  /** Time used in the file name (local time of this machine). @default new Date() */
  now?: Date;
}

/**
 * Names a results file after a local time: `<prefix>_YYYYMMDD_HHMMSS.json`.
 *
 * @param now the time
 * @param prefix the file name prefix
 * @returns the file name (no folder)
 * @throws {RangeError} when the prefix is not a plain file name (e.g. holds `/` or is `..`)
 * @example Usage
 * ```ts
 * import { resultsFileName } from "@chronos-deno/chronos-deno/results";
 * import { equal } from "node:assert/strict";
 * equal(resultsFileName(new Date(2024, 0, 2, 3, 4, 5)), "chronos2_results_20240102_030405.json");
 * ```
 */
export function resultsFileName(now: Date, prefix = "chronos2_results"): string {
  checkPathSegment(prefix, "results file prefix");
  const p = (n: number) => String(n).padStart(2, "0");
  const date = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}`;
  const time = `${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `${prefix}_${date}_${time}.json`;
}

/**
 * The JSON replacer of every file and printout the project writes: JSON has
 * no NaN or ±Infinity, so a non-finite number is written as `null` (read back
 * as NaN by `parseResults`).
 *
 * @param _key the property name (unused)
 * @param value the value being written
 * @returns `null` for a non-finite number, else the value
 * @example Usage
 * ```ts
 * import { nanToNull } from "@chronos-deno/chronos-deno/results";
 * import { equal } from "node:assert/strict";
 * equal(JSON.stringify({ a: NaN, b: [1, -Infinity] }, nanToNull), '{"a":null,"b":[1,null]}');
 * ```
 */
export function nanToNull(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isFinite(value) ? null : value;
}

/**
 * Serialises results as pretty JSON with every non-finite number (NaN, ±Infinity)
 * written as `null`.
 *
 * @param results the results
 * @returns the JSON text, ending with a newline
 * @example Usage
 * ```ts
 * import { resultsToJson } from "@chronos-deno/chronos-deno/results";
 * import { equal } from "node:assert/strict";
 * equal(resultsToJson({ a: [1, NaN] } as never), '{\n  "a": [\n    1,\n    null\n  ]\n}\n');
 * ```
 */
export function resultsToJson(results: EvaluationResults): string {
  return JSON.stringify(results, nanToNull, 2) + "\n";
}

/**
 * Writes `results` into `dir` (created when missing) as
 * `chronos2_results_YYYYMMDD_HHMMSS.json`. The file is created new: when a
 * file of that name exists (two runs in the same second), `_2`, `_3`, … is
 * appended to the name.
 *
 * @param results the results to write
 * @param dir the output folder
 * @param options file name prefix and time
 * @returns the path of the written file
 * @example Usage
 * ```ts
 * import { writeResultsFile } from "@chronos-deno/chronos-deno/results";
 * import { ok } from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const path = await writeResultsFile({ models: [] } as never, dir);
 * ok(path.endsWith(".json"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeResultsFile(
  results: EvaluationResults,
  dir: string,
  options: WriteResultsOptions = {},
): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  const base = resultsFileName(options.now ?? new Date(), options.prefix).replace(/\.json$/, "");
  const data = new TextEncoder().encode(resultsToJson(results));
  for (let attempt = 1;; attempt++) {
    const path = joinPath(dir, attempt === 1 ? `${base}.json` : `${base}_${attempt}.json`);
    let file: Deno.FsFile;
    try {
      file = await Deno.open(path, { write: true, createNew: true });
    } catch (err) {
      if (err instanceof Deno.errors.AlreadyExists) continue;
      throw err;
    }
    try {
      let off = 0;
      while (off < data.length) off += await file.write(data.subarray(off));
    } finally {
      file.close();
    }
    return path;
  }
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}
