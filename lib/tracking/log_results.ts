/**
 * Helpers for what evaluation tasks log: the results JSON as an artifact, and
 * a saved model's path as a tag (never the weights).
 *
 * @module
 */

import { resolve } from "node:path";
import type { TrackedRun } from "./types.ts";

/** The tag holding the path of a saved model. */
export const MODEL_PATH_TAG = "chronos.model_path";

/**
 * Logs a results file as an artifact after checking that it is JSON.
 *
 * @param run the run
 * @param resultsJsonPath the results file
 * @param artifactPath folder inside the artifacts @default ""
 * @throws {SyntaxError} when the file is not JSON
 * @example Usage
 * ```ts
 * import { createTracker, logResults } from "@chronos-deno/chronos-deno/tracking";
 * const dir = await Deno.makeTempDir();
 * const file = `${dir}/results.json`;
 * await Deno.writeTextFile(file, "{}");
 * const run = await createTracker({ uri: `${dir}/mlruns` }).startRun({ experiment: "demo" });
 * await logResults(run, file);
 * await run.end();
 * ```
 */
export async function logResults(
  run: TrackedRun,
  resultsJsonPath: string,
  artifactPath = "",
): Promise<void> {
  const text = await Deno.readTextFile(resultsJsonPath);
  try {
    JSON.parse(text);
  } catch (err) {
    throw new SyntaxError(
      `Cannot log "${resultsJsonPath}" as results: it is not valid JSON`,
      { cause: err },
    );
  }
  await run.logArtifact(resultsJsonPath, artifactPath);
}

/**
 * Records where a saved model lives, as the tag `chronos.model_path`
 * (absolute path); the weights themselves are never logged.
 *
 * @param run the run
 * @param modelPath the model file or folder
 * @example Usage
 * ```ts
 * import { createTracker, logModelPath } from "@chronos-deno/chronos-deno/tracking";
 * const run = await createTracker({ uri: await Deno.makeTempDir() }).startRun({ experiment: "demo" });
 * await logModelPath(run, "models/finetuned");
 * await run.end();
 * ```
 */
export async function logModelPath(run: TrackedRun, modelPath: string): Promise<void> {
  await run.setTags({ [MODEL_PATH_TAG]: resolve(modelPath) });
}
