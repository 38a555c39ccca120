/**
 * Describes a data file as an MLflow dataset input: its name, a digest of
 * its bytes, its absolute source, the schema of the columns a run used and
 * the rows of each split, so that the MLflow UI lists it under
 * "Datasets used".
 *
 * @module
 */

import { basename, extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { redactUrl } from "../net/redact.ts";
import type { Splits } from "../data/types.ts";
import type { DatasetInput } from "./types.ts";

/** A column of a dataset's schema. */
export interface DatasetColumn {
  /** Column name. */
  name: string;
  /** MLflow column type: "double", "long", "string", "datetime", … */
  type: string;
}

/** Options of {@linkcode datasetInputFromFile}. */
export interface DatasetInputOptions {
  /** Dataset name. @default the file name without its extension */
  name?: string;
  /** The columns the run used. */
  columns: readonly DatasetColumn[];
  /** Rows in all and per split, e.g. `{ num_rows: 35040, test_rows: 5256 }`. @default {} */
  profile?: Record<string, number>;
  /** The `mlflow.data.context` tag ("training", "validation", "test"). */
  context?: string;
}

/**
 * Builds the dataset input of a local file; the digest is the first 8 hex
 * digits of the SHA-256 of its bytes (MLflow's digests are 8 characters).
 *
 * @param path the data file
 * @param options name, columns used, profile, context
 * @returns the dataset input
 * @throws {Deno.errors.NotFound} when the file is missing
 * @example Usage
 * ```ts
 * import { datasetInputFromFile } from "@chronos-deno/chronos-deno/tracking";
 * import { equal } from "node:assert/strict";
 * const file = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(file, "y\n1\n");
 * const d = await datasetInputFromFile(file, { columns: [{ name: "y", type: "double" }],
 *   profile: { num_rows: 1 }, context: "test" });
 * equal(d.digest.length, 8);
 * equal(JSON.parse(d.profile).num_rows, 1);
 * ```
 */
export async function datasetInputFromFile(
  path: string,
  options: DatasetInputOptions,
): Promise<DatasetInput> {
  const bytes = await Deno.readFile(path);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const digest = [...hash.slice(0, 4)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const abs = resolve(path);
  return {
    name: options.name ?? basename(abs, extname(abs)),
    digest,
    sourceType: "local",
    source: JSON.stringify({ uri: redactUrl(pathToFileURL(abs).href) }),
    schema: JSON.stringify({
      mlflow_colspec: options.columns.map((c) => ({ type: c.type, name: c.name })),
    }),
    profile: JSON.stringify(options.profile ?? {}),
    ...(options.context !== undefined ? { context: options.context } : {}),
  };
}

/**
 * A dataset input's profile: rows in all and per chronological split.
 *
 * @param rows rows of the series
 * @param splits its splits
 * @returns `num_rows`, `train_rows`, `validation_rows` and `test_rows`
 * @example Usage
 * ```ts
 * import { splitProfile } from "@chronos-deno/chronos-deno/tracking";
 * import assert from "node:assert/strict";
 * const splits = { train: { start: 0, end: 70 }, val: { start: 70, end: 85 }, test: { start: 85, end: 100 } };
 * assert.deepEqual(splitProfile(100, splits),
 *   { num_rows: 100, train_rows: 70, validation_rows: 15, test_rows: 15 });
 * ```
 */
export function splitProfile(rows: number, splits: Splits): Record<string, number> {
  return {
    "num_rows": rows,
    "train_rows": splits.train.end - splits.train.start,
    "validation_rows": splits.val.end - splits.val.start,
    "test_rows": splits.test.end - splits.test.start,
  };
}
